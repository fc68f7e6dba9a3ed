#!/usr/bin/env python3
"""Generate OSV matching vectors for Lockkeeper's matcher from the real PyPI advisories.

For every PYSEC record and every version of its package that the advisories name (the union of
all records' `versions` lists and ECOSYSTEM event values for that package), plus a few boundary
spellings around each event value, this computes whether the record affects the version, with
the OSV specification's evaluation algorithm written out independently here and Python's
`packaging` (the reference PEP 440 implementation) for ordering and equality.
src/core/advisories/matching/pypi-vectors.test.ts runs `evaluateRecord` on every vector.

Re-run (from the repository root; needs python3 with `packaging`, PyYAML optional):

    python3 scripts/generate-osv-match-vectors.py \
        [--data fixtures/advisories/pypa/vulns] \
        [--out src/core/advisories/matching/vectors/pypi-osv-match.json]

Output is deterministic for a given data snapshot and `packaging` version (both recorded in the
`generator` block).

The algorithm (https://ossf.github.io/osv-schema/#evaluation), per `affected` entry about the
package: affected when the version is in `versions` or any SEMVER/ECOSYSTEM range includes it.
- `versions`: equal by Version when packaging reads both sides, else by exact string.
- A range includes v when BeforeLimits(v) (no limit events, or `*`, or v < some limit) and,
  walking the events sorted by version (`0` first, `*` last, stable), the last event that applies
  sets the state: introduced (`0`, or v >= it) -> true; fixed (v >= it) -> false; last_affected
  (v > it) -> false.
- A range whose installed version or any event value packaging rejects is not evaluable: it
  includes nothing. GIT ranges are skipped. Withdrawn records affect nothing.

File layout (JSON, compact; bitsets are base64, bit i = byte i>>3, bit i&7, LSB first):

    {generator, packages: {name: {real: [...], boundary: [...]}},
     records: [[id, name, bitset over real + boundary]]}

`name` is the PEP 503 name; `real` versions come from the data, `boundary` ones are synthesised
from event values (`X.dev0`, `Xrc1`, `X.post1`, `X.0`) to probe each edge of each interval.
"""

from __future__ import annotations

import argparse
import base64
import importlib.util
import json
import re
import sys
from functools import cache, cmp_to_key
from pathlib import Path

import packaging
from packaging.version import InvalidVersion, Version

try:
    import yaml  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - exercised only where PyYAML is missing
    yaml = None

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "fixtures" / "advisories" / "pypa" / "vulns"
DEFAULT_OUT = ROOT / "src" / "core" / "advisories" / "matching" / "vectors" / "pypi-osv-match.json"


def _minimal_yaml_reader():
    """The block-YAML subset reader of the PEP 440 generator, for machines without PyYAML."""
    spec = importlib.util.spec_from_file_location("pep440_vectors", ROOT / "scripts" / "generate-pep440-vectors.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module._minimal_yaml


def load_records(data_dir: Path) -> list[dict]:
    files = sorted(data_dir.glob("*/PYSEC-*.yaml"))
    if not files:
        sys.exit(f"no PYSEC-*.yaml under {data_dir}")
    # BaseLoader keeps every scalar a string, as the JSON records are (`fixed: 2019-09-12` is not a
    # date, `3.10` is not a float): the same reading as the minimal reader and the `yaml` package.
    read = (lambda text: yaml.load(text, Loader=yaml.BaseLoader)) if yaml is not None else _minimal_yaml_reader()
    return [read(path.read_text(encoding="utf-8")) for path in files]


def normalise_name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


@cache  # the same few thousand strings are parsed hundreds of thousands of times
def parse(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


# ---------------------------------------------------------------------------------------------
# The OSV evaluation


def event_kind_value(event: dict) -> tuple[str, str]:
    for kind in ("introduced", "fixed", "last_affected", "limit"):
        if kind in event:
            return kind, event[kind]
    raise ValueError(f"event without a kind: {event}")


def _event_order(a: tuple[str, str, Version | None], b: tuple[str, str, Version | None]) -> int:
    def key(value: str, parsed: Version | None) -> tuple[int, Version | None]:
        if value == "0":
            return (0, None)
        if value == "*":
            return (2, None)
        return (1, parsed)

    ka, kb = key(a[1], a[2]), key(b[1], b[2])
    if ka[0] != kb[0]:
        return ka[0] - kb[0]
    if ka[1] is None or kb[1] is None or ka[1] == kb[1]:
        return 0
    return -1 if ka[1] < kb[1] else 1


def range_includes(events: list[dict], version: str) -> bool:
    v = parse(version)
    if v is None:
        return False
    parsed: list[tuple[str, str, Version | None]] = []
    for event in events:
        kind, value = event_kind_value(event)
        if value in ("0", "*"):
            parsed.append((kind, value, parse(value)))
            continue
        pv = parse(value)
        if pv is None:
            return False  # not evaluable
        parsed.append((kind, value, pv))
    limits = [p for p in parsed if p[0] == "limit"]
    if limits and not any(value == "*" or v < pv for _, value, pv in limits):  # type: ignore[operator]
        return False
    affected = False
    for kind, value, pv in sorted((p for p in parsed if p[0] != "limit"), key=cmp_to_key(_event_order)):
        if kind == "introduced" and (value == "0" or v >= pv):  # type: ignore[operator]
            affected = True
        elif kind == "fixed" and v >= pv:  # type: ignore[operator]
            affected = False
        elif kind == "last_affected" and v > pv:  # type: ignore[operator]
            affected = False
    return affected


def listed(versions: list[str], version: str) -> bool:
    v = parse(version)
    for item in versions:
        if item == version:
            return True
        p = parse(item)
        if v is not None and p is not None and p == v:
            return True
    return False


def entry_is_about(entry: dict, name: str) -> bool:
    pkg = entry.get("package") or {}
    return pkg.get("ecosystem") == "PyPI" and normalise_name(pkg.get("name", "")) == name


def record_affects(record: dict, name: str, version: str) -> bool:
    if record.get("withdrawn"):
        return False
    for entry in record.get("affected") or []:
        if not entry_is_about(entry, name):
            continue
        if listed(entry.get("versions") or [], version):
            return True
        for rng in entry.get("ranges") or []:
            if rng.get("type") in ("SEMVER", "ECOSYSTEM") and range_includes(rng.get("events") or [], version):
                return True
    return False


# ---------------------------------------------------------------------------------------------
# Version pools


def boundary_spellings(value: str) -> list[str]:
    """Versions just below, just above and equal to an event value, in packaging's order."""
    v = parse(value)
    if v is None:
        return []
    out = [f"{value}.0"]  # equal by meaning, spelled differently
    if v.dev is None:
        out.append(f"{value}.dev0")  # below any release of it
    if v.pre is None and v.dev is None and v.post is None:
        out.append(f"{value}rc1")  # a pre-release: below a release, above `.dev0`
    if v.dev is None and v.local is None:
        out.append(f"{value}.post1")  # above it
    return [s for s in out if parse(s) is not None]


def bitset(flags: list[bool]) -> str:
    data = bytearray((len(flags) + 7) // 8)
    for i, flag in enumerate(flags):
        if flag:
            data[i >> 3] |= 1 << (i & 7)
    return base64.b64encode(bytes(data)).decode("ascii")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()

    records = load_records(args.data)
    real: dict[str, set[str]] = {}
    events: dict[str, set[str]] = {}
    for record in records:
        for entry in record.get("affected") or []:
            pkg = entry.get("package") or {}
            if pkg.get("ecosystem") != "PyPI":
                continue
            name = normalise_name(pkg["name"])
            pool = real.setdefault(name, set())
            pool.update(entry.get("versions") or [])
            for rng in entry.get("ranges") or []:
                if rng.get("type") == "GIT":
                    continue
                for event in rng.get("events") or []:
                    value = event_kind_value(event)[1]
                    pool.add(value)
                    events.setdefault(name, set()).add(value)

    packages: dict[str, dict[str, list[str]]] = {}
    for name in sorted(real):
        real_list = sorted(real[name])
        seen = set(real_list)
        boundary = sorted({b for value in events.get(name, ()) for b in boundary_spellings(value)} - seen)
        packages[name] = {"real": real_list, "boundary": boundary}

    rows = []
    counts = {"records": 0, "withdrawn": 0, "real": 0, "boundary": 0, "affected": 0}
    for record in sorted(records, key=lambda r: r["id"]):
        names = sorted({normalise_name(e["package"]["name"]) for e in record.get("affected") or [] if e.get("package", {}).get("ecosystem") == "PyPI"})
        counts["records"] += 1
        if record.get("withdrawn"):
            counts["withdrawn"] += 1
        for name in names:
            pool = packages[name]["real"] + packages[name]["boundary"]
            flags = [record_affects(record, name, version) for version in pool]
            counts["real"] += len(packages[name]["real"])
            counts["boundary"] += len(packages[name]["boundary"])
            counts["affected"] += sum(flags)
            rows.append([record["id"], name, bitset(flags)])

    generator = {
        "script": "scripts/generate-osv-match-vectors.py",
        "packaging": packaging.__version__,
        "python": ".".join(map(str, sys.version_info[:3])),
        "yaml": "PyYAML BaseLoader" if yaml is not None else "minimal reader",
        "data": "pypa/advisory-database snapshot in fixtures/advisories/pypa (CC-BY-4.0)",
        "counts": counts,
    }
    body = {"generator": generator, "packages": packages, "records": rows}
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"{args.out.name}: {len(text.encode('utf-8')) / 1024:.0f} KiB, {json.dumps(counts)}")


if __name__ == "__main__":
    main()
