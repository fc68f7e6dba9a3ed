#!/usr/bin/env python3
"""Generate the PEP 440 test vectors for Lockkeeper's PyPI versioning from real advisory data.

The TypeScript implementation in src/core/ecosystems/pypi/pep440/ must agree with Python's
`packaging` (the reference implementation pip uses) on every vector written here.

Re-run (from the repository root; needs python3 with `packaging`, PyYAML optional):

    python3 scripts/generate-pep440-vectors.py \
        [--data fixtures/advisories/pypa/vulns] \
        [--out src/core/ecosystems/pypi/pep440/vectors]

then `npx vitest run src/core/ecosystems/pypi/pep440`. Output is deterministic for a given data
snapshot and `packaging` version (both recorded in each file's `generator` block), so a re-run
with the same inputs leaves git clean.

Inputs: every `versions` entry and every `introduced`/`fixed`/`last_affected` event value of
every PYSEC-*.yaml record (GIT range events too: they are commit hashes, useful invalid inputs).

Files written (JSON, compact; bitsets are base64, bit i = byte i>>3, bit i&7, LSB first):

- versions.json      {real, synthetic}: [input, str(Version(input)) or null, 1 if is_prerelease]
- sort-lists.json    lists: {id, package, versions (valid ones, data order), order?} where
                     `order` is the permutation sorted() applies (stable, key=Version); absent
                     when the list is already sorted.
- packages.json      per package: `sorted` = the union of its versions and ECOSYSTEM event values,
                     stable-sorted by Version starting from UTF-16 code-unit string order; and
                     `ranges`: one SpecifierSet per OSV interval (">=introduced,<fixed",
                     "<=last_affected", ">=introduced") with `matches` = bitset over `sorted` of
                     SpecifierSet(spec).contains(v, prereleases=True), or null when packaging
                     rejects the specifier.
- specifiers.json    hand-picked tricky specifiers x a pool (synthetic versions around them, a
                     fixed sample of real versions, invalid strings): same `matches` bitsets.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import sys
from pathlib import Path

import packaging
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

try:
    import yaml  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - exercised only where PyYAML is missing
    yaml = None

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "fixtures" / "advisories" / "pypa" / "vulns"
DEFAULT_OUT = ROOT / "src" / "core" / "ecosystems" / "pypi" / "pep440" / "vectors"
SEED = 440


# ---------------------------------------------------------------------------------------------
# Reading the advisories


def _scalar(text: str) -> str:
    text = text.strip()
    if text.startswith('"') and text.endswith('"') and len(text) > 1:
        return json.loads(text)
    if text.startswith("'") and text.endswith("'") and len(text) > 1:
        return text[1:-1].replace("''", "'")
    return text


def _minimal_yaml(text: str) -> dict:
    """A block-style YAML subset (maps, lists, scalars) for machines without PyYAML.

    OSV dumps use nothing else; multi-line and block scalars (only in `details`) are skipped,
    flow collections (`aliases: []`) are kept as their text. Enough for ids, names and versions.
    """
    lines = []
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped and not stripped.startswith("#"):
            lines.append((len(raw) - len(raw.lstrip(" ")), stripped))
    position = 0

    def skip_deeper(indent: int) -> None:
        nonlocal position
        while position < len(lines) and lines[position][0] > indent:
            position += 1

    def block(indent: int, first: str | None = None):
        # `first` is the text after "- " of a list item, which starts a map at `indent`.
        nonlocal position
        if first is None and lines[position][1].startswith("-"):
            items = []
            while position < len(lines) and lines[position][0] == indent and lines[position][1].startswith("-"):
                rest = lines[position][1][1:].strip()
                position += 1
                if not rest.startswith(("'", '"')) and (": " in rest or rest.endswith(":")):
                    items.append(block(indent + 2, rest))
                elif rest:
                    items.append(_scalar(rest))
                    skip_deeper(indent)
                elif position < len(lines) and lines[position][0] > indent:
                    items.append(block(lines[position][0]))
            return items
        mapping: dict = {}
        while True:
            if first is not None:
                content, first = first, None
            elif position < len(lines) and lines[position][0] == indent and not lines[position][1].startswith("-"):
                content = lines[position][1]
                position += 1
            else:
                return mapping
            key, _, value = content.partition(":")
            key, value = _scalar(key), value.strip()
            if value and value[0] not in "|>":
                mapping[key] = _scalar(value)
                skip_deeper(indent)
            elif value:
                skip_deeper(indent)
            elif position < len(lines) and (
                lines[position][0] > indent
                or (lines[position][0] == indent and lines[position][1].startswith("-"))
            ):
                mapping[key] = block(lines[position][0])
            else:
                mapping[key] = None

    return block(0)


def load_records(data_dir: Path) -> list[dict]:
    files = sorted(data_dir.glob("*/PYSEC-*.yaml"))
    if not files:
        sys.exit(f"no PYSEC-*.yaml under {data_dir}")
    records = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        records.append(yaml.safe_load(text) if yaml is not None else _minimal_yaml(text))
    return records


# ---------------------------------------------------------------------------------------------
# Helpers


def parse(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def code_unit_order(text: str) -> bytes:
    """JavaScript's default string order (UTF-16 code units), so the TS test can rebuild inputs."""
    return text.encode("utf-16-be")


def bitset(flags: list[bool]) -> str:
    data = bytearray((len(flags) + 7) // 8)
    for i, flag in enumerate(flags):
        if flag:
            data[i >> 3] |= 1 << (i & 7)
    return base64.b64encode(bytes(data)).decode("ascii")


def matches(spec: str, pool: list[str]) -> str | None:
    try:
        spec_set = SpecifierSet(spec)
    except InvalidSpecifier:
        return None
    return bitset([spec_set.contains(v, prereleases=True) for v in pool])


def version_case(text: str) -> list:
    v = parse(text)
    return [text, None if v is None else str(v), 1 if v is not None and v.is_prerelease else 0]


def write(out_dir: Path, name: str, payload: dict, generator: dict) -> None:
    body = {"generator": generator, **payload}
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    (out_dir / name).write_text(text + "\n", encoding="utf-8")
    print(f"{name}: {len(text.encode('utf-8')) / 1024:.0f} KiB")


# ---------------------------------------------------------------------------------------------
# Synthetic inputs (edge cases the advisories do not exercise)

SYNTHETIC_VERSIONS = [
    # spellings and separators
    "1.0a", "1.0.a", "1.0-a", "1.0_a", "1.0alpha", "1.0ALPHA1", "1.0.alpha.1", "1.0-alpha-1",
    "1.0b", "1.0beta2", "1.0-beta_2", "1.0c", "1.0c1", "1.0pre", "1.0preview3", "1.0.pre.4",
    "1.0rc", "1.0RC1", "1.0-rc-1", "1.0_rc_1", "1.0.post", "1.0post", "1.0-post1", "1.0_post_1",
    "1.0.rev2", "1.0r3", "1.0-r", "1.0-1", "1.0-01", "1.0.dev", "1.0dev", "1.0-dev-2", "1.0_dev_2",
    "1.0a1.post2.dev3", "1.0a1-2", "1.0a-1", "1.0a.1", "1.0a1.dev", "1.0.post1.dev1", "1.0.dev1.post1",
    "1.0-", "1.0.", ".1.0", "1..0", "1.0+", "1.0+a..b", "1.0+a.", "1.0+.a", "1.0+a_b-c.d",
    "1.0+UBUNTU.1", "1.0+ubuntu-1", "1.0+01", "1.0+001.abc", "1.0+abc.1", "1.0+1.abc", "1.0+1a",
    # epochs, leading v, whitespace, case
    "1!1.0", "0!1.0", "01!1.0", "1!", "!1.0", "1!2!3", "v1.0", "V1.0", "vv1.0", "v", "v1!1.0",
    " 1.0", "1.0 ", "\t1.0\n", "\u00a01.0", "1.0\u3000", "\x1c1.0\x1f", "\x851.0", "\ufeff1.0",
    "1. 0", "1.0 +local", "1.0+ local",
    # release shapes and big numbers
    "0", "00", "0.0.0.0.0", "1.0.0.0.0.0.0.1", "01.002.0003", "2024.10.10",
    "1.99999999999999999999", "99999999999999999999.1", "1.0.post99999999999999999999",
    "1.0a18446744073709551616", "1.0+18446744073709551616",
    # not versions
    "", " ", "1.0-final", "1.0.final", "1.0dev-1-2", "1.0a1b2", "1.0.x", "*", "1.*", "latest",
    "\u0661.\u0660", "1.0+\u017f", "1.0.\u0130", "\u212a1.0", "1,0", "1_0", "-1.0", "+1.0", "1.0++a",
]


def synthetic_combinations(rng: random.Random) -> list[str]:
    prefixes = ["", "", "", "v", "V", " ", "\t"]
    epochs = ["", "", "", "1!", "0!", "10!"]
    releases = ["0", "1", "1.0", "01.2", "1.2.3", "1.2.3.4.5", "2024.01.05", "1.0.0"]
    pres = ["", "", "", "a", "a1", "-alpha.2", "_beta_3", "c", "pre", "preview4", "RC1", ".rc", "b0"]
    posts = ["", "", "", "-1", ".post", "post2", "_rev3", "r", ".post.4", "-r-5", "POST6"]
    devs = ["", "", "", ".dev", "dev1", "-dev-2", "_DEV3", ".dev0"]
    locals_ = ["", "", "", "", "+ubuntu.1", "+abc-1_2", "+0", "+a..b", "+LOCAL", "+1.2a"]
    suffixes = ["", "", "", " ", "\n"]
    out = set()
    while len(out) < 2500:
        out.add(
            "".join(
                rng.choice(part)
                for part in (prefixes, epochs, releases, pres, posts, devs, locals_, suffixes)
            )
        )
    return sorted(out)


def synthetic_fuzz(rng: random.Random) -> list[str]:
    # Mostly invalid strings built from version-ish characters: they probe the regex edges.
    alphabet = "0123456789......----____!!++aabcdeilnoprstvwxyzACPRV "
    out = set()
    while len(out) < 2500:
        out.add("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))))
    return sorted(out)


SPEC_BASES = [
    "0", "1", "1.0", "1.0.0", "1.4", "1.4.5", "2.0", "2.0a1", "2.0b2", "2.0rc1", "1.0.post1",
    "1.0.dev1", "1.0a1.dev2", "1.0.post1.dev1", "1.0rc1.post2.dev3", "1!1.0", "0!1.0",
    "2016.5.6", "3.2",
]
SPEC_OPERATORS = ["==", "!=", "<=", ">=", "<", ">", "~=", "==="]
WILDCARD_BASES = ["0", "1", "1.0", "1.0.0", "1.4", "1.4.5", "2", "2.0", "1!1", "1!1.0", "3.02", "v1.0"]

TRICKY_SPECIFIERS = [
    # local versions
    "==1.0+local", "!=1.0+local", "==1.0+ubuntu.1", "==1.0+UBUNTU-1", "==1.0+01", "===1.0+local",
    "<=1.0+local", ">1.0+local", "~=1.0+local", "==1.0.*+local", "==1.4.5+local",
    # spellings and whitespace
    "==v1.0", "==V1.0", ">= 1.0", " >=1.0 ", ">=1.0 ,< 2.0", "==1.0-1", "==1.0_alpha", "==1.0.ALPHA1",
    "==\t1.0", "\u00a0>=1.0", ">=1.0\u2003", "\x1c==1.0", "\ufeff>=1.0", ">=01.00", "==1.4.5.0",
    # ~= and its prefix quirks (packaging splits the raw spec string)
    "~=1.4.5c1", "~=1.4.5.c1", "~=1.4.5.pre1", "~=1.4.5.r1", "~=1.4.5.RC1", "~=1.4.5-1",
    "~=1.4.5.post1", "~=1.4.5a1", "~=1.4.5.dev0", "~=v1.4.5", "~=1!1.4.5", "~=01.04.05",
    "~=1.4.5.c", "~=2.2.post3", "~=1.4.0.0", "~=1.4.5alpha1", "~=1.4.5-rc1", "~=0.0", "~=1.0",
    # wildcards
    "==2.0.*", "==2.*", "!=2.*", "==0.*", "==1!1.*", "==v1.*", "==1.0.0.*", "== 1.4 .*",
    # arbitrary equality
    "===1.0", "===1.0.0", "===foobar", "===FooBar", "===", "=== 1.0", "===1.0,==1.0", "===1.0,>=0.5",
    "===foobar,===FOOBAR", "==1.0.*,===1.0.0", "===v1.0",
    # sets
    "", ",", " , ", ">=1.0,<2.0", ">=1.0,<2.0,!=1.5.*", "<2.0,>2.0", "==1.0,!=1.0",
    ">1.0,<1.0.post2", ">=1.0a1,<1.0", ">=1.4,<1.4.5,!=1.4.4", "!=1.0,!=1.1,!=1.4.*",
    # exclusive ordering edge cases
    ">1.0.post1", ">1.0.post0", "<1.0rc1", "<1.0.dev0", "<0", "<0.dev0", ">1!0", "<1!0",
    ">1.0a1", ">1.0.dev1", "<1.0.post1", "<=1.0.post1", ">=1.0.dev0", ">1.4.5rc1.post2",
    # invalid
    "=>1.0", "==1.0a1.*", "~=1", "~=1.*", "<1.0+local", "1.0", "==1.0.*.*", "!==1.0", ">=1..0",
    ">=", "~=1.0+abc", "==1.0+loc al", "==1.0 ,, >=", ">=1.0;", "==1.0,foo", "<>1.0", ">=1.0 <2.0",
    "==1.0-final", "==1.*.0", "~=1.0.*",
]

POOL_RELEASES = [
    "0", "0.0", "1", "1.0", "1.0.0", "1.1", "1.4", "1.4.4", "1.4.5", "1.4.5.0", "1.4.6", "1.5",
    "1.5.1", "2", "2.0", "2.0.0", "2.1", "2.2", "2.2.1", "3.2", "3.02", "2016.5.6", "2016.05.06",
    "1!1.0", "1!1.4.5", "1!2.0", "0!1.0",
]
POOL_SUFFIXES = [
    "", "a1", "a2", "b2", "rc1", "c1", ".dev0", ".dev1", ".dev2", "a1.dev2", ".post1", ".post2",
    ".post1.dev1", ".post0", "-1", "rc1.post2.dev3", "+local", "+ubuntu.1", ".post1+local",
    "a1+local", ".dev1+local", "+1", "+0",
]
POOL_EXTRA = [
    "v1.0", "V1.0", " 1.0 ", "1.0ALPHA1", "1.0+LOCAL", "1.0.0+local", "1.4.5.post3", "2.2.post3",
    "2.2.post4", "1.4.5rc1.post2.dev4", "foobar", "FooBar", "FOOBAR", "1.0-final", "", "trunk",
    "1.0.0.0.0", "1!1.4.5+local", "1!1.4.5.post1",
]


def tricky_specifiers() -> list[str]:
    specs: list[str] = []
    for base in SPEC_BASES:
        specs.extend(op + base for op in SPEC_OPERATORS)
    for base in WILDCARD_BASES:
        specs.extend(f"{op}{base}.*" for op in ("==", "!="))
    specs.extend(TRICKY_SPECIFIERS)
    return list(dict.fromkeys(specs))


# ---------------------------------------------------------------------------------------------


def osv_intervals(events: list[dict]) -> list[str]:
    """OSV ECOSYSTEM events as the SpecifierSet of each interval."""
    specs = []
    lower = None
    for event in events:
        if "introduced" in event:
            lower = event["introduced"]
        elif "fixed" in event and lower is not None:
            specs.append(f">={lower},<{event['fixed']}")
            lower = None
        elif "last_affected" in event and lower is not None:
            specs.append(f">={lower},<={event['last_affected']}")
            lower = None
    if lower is not None:
        specs.append(f">={lower}")
    return specs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    generator = {
        "script": "scripts/generate-pep440-vectors.py",
        "packaging": packaging.__version__,
        "python": ".".join(map(str, sys.version_info[:3])),
        "data": "pypa/advisory-database snapshot in fixtures/advisories/pypa (CC-BY-4.0)",
    }
    records = load_records(args.data)

    all_strings: set[str] = set()
    package_versions: dict[str, set[str]] = {}
    package_specs: dict[str, dict[str, None]] = {}
    lists: dict[tuple[str, tuple[str, ...]], str] = {}
    non_strings = 0
    for record in records:
        for affected in record.get("affected") or []:
            name = affected["package"]["name"]
            union = package_versions.setdefault(name, set())
            specs = package_specs.setdefault(name, {})
            versions = []
            for value in affected.get("versions") or []:
                if not isinstance(value, str):
                    non_strings += 1
                    continue
                versions.append(value)
            all_strings.update(versions)
            union.update(versions)
            lists.setdefault((name, tuple(versions)), record["id"])
            for range_ in affected.get("ranges") or []:
                values = [
                    v
                    for event in range_.get("events") or []
                    for k, v in event.items()
                    if k in ("introduced", "fixed", "last_affected") and isinstance(v, str)
                ]
                all_strings.update(values)
                if range_.get("type") == "ECOSYSTEM":
                    union.update(values)
                    for spec in osv_intervals(range_.get("events") or []):
                        specs.setdefault(spec, None)
    if non_strings:
        print(f"warning: {non_strings} non-string versions ignored (unquoted YAML numbers?)")

    rng = random.Random(SEED)
    synthetic = sorted(
        (set(SYNTHETIC_VERSIONS) | set(synthetic_combinations(rng)) | set(synthetic_fuzz(rng)))
        - all_strings,
        key=code_unit_order,
    )
    write(
        args.out,
        "versions.json",
        {
            "real": [version_case(s) for s in sorted(all_strings, key=code_unit_order)],
            "synthetic": [version_case(s) for s in synthetic],
        },
        generator,
    )

    sort_lists = []
    for (name, versions), advisory in sorted(lists.items(), key=lambda item: item[1]):
        valid = [v for v in versions if parse(v) is not None]
        order = sorted(range(len(valid)), key=lambda i: Version(valid[i]))
        entry: dict = {"id": advisory, "package": name, "versions": valid}
        if order != list(range(len(valid))):
            entry["order"] = order
        sort_lists.append(entry)
    synthetic_valid = [s for s in synthetic if parse(s) is not None]
    order = sorted(range(len(synthetic_valid)), key=lambda i: Version(synthetic_valid[i]))
    sort_lists.append({"id": "synthetic", "package": None, "versions": synthetic_valid, "order": order})
    write(args.out, "sort-lists.json", {"lists": sort_lists}, generator)

    packages = {}
    for name in sorted(package_versions):
        valid = sorted(
            (v for v in package_versions[name] if parse(v) is not None), key=code_unit_order
        )
        ordered = sorted(valid, key=Version)
        packages[name] = {
            "sorted": ordered,
            "ranges": [{"spec": s, "matches": matches(s, ordered)} for s in package_specs[name]],
        }
    write(args.out, "packages.json", {"packages": packages}, generator)

    real_valid = sorted((s for s in all_strings if parse(s) is not None), key=code_unit_order)
    pool = list(
        dict.fromkeys(
            [r + s for r in POOL_RELEASES for s in POOL_SUFFIXES]
            + POOL_EXTRA
            + sorted(random.Random(SEED).sample(real_valid, 2000), key=code_unit_order)
        )
    )
    cases = [{"spec": s, "matches": matches(s, pool)} for s in tricky_specifiers()]
    write(args.out, "specifiers.json", {"pool": pool, "cases": cases}, generator)


if __name__ == "__main__":
    main()
