import { formatVersion, type Pep440Version, parseVersion } from "./version.js";

/**
 * Prefix matching for `==1.2.*`, `!=1.2.*` and the `==` half of `~=`, done the way packaging
 * does it: on *strings*, split at `!` and `.` with a release number and its pre-release tag
 * (`5rc1`) pulled apart. `~=` derives its prefix from the specifier's raw text, which gives a few
 * surprising results that this reproduces on purpose (`~=1.4.5c1` means `==1.4.5.*` because
 * `c1` is not in packaging's suffix list; `~=v1.4` matches nothing) — agreeing with pip matters
 * more here than tidiness.
 */
export interface VersionPrefix {
  /** The components to match, epoch first. */
  readonly components: readonly string[];
  /** How many leading components are plain numbers (the part the candidate is zero-padded to). */
  readonly numericLength: number;
}

const PRE_TAG = /^([0-9]+)((?:a|b|c|rc)[0-9]+)$/;
const DIGITS = /^[0-9]+$/;
const SUFFIX_STARTS = ["dev", "a", "b", "rc", "post"];

/** packaging's `_version_split`. */
function splitVersion(text: string): string[] {
  const bang = text.lastIndexOf("!");
  const result = [bang >= 0 && bang > 0 ? text.slice(0, bang) : "0"];
  for (const item of text.slice(bang + 1).split(".")) {
    const [, number, tag] = PRE_TAG.exec(item) ?? [];
    if (number !== undefined && tag !== undefined) result.push(number, tag);
    else result.push(item);
  }
  return result;
}

function numericPrefixLength(components: readonly string[]): number {
  const firstOther = components.findIndex((component) => !DIGITS.test(component));
  return firstOther < 0 ? components.length : firstOther;
}

/** `canonicalize_version(text, strip_trailing_zero=False)`: normalised when valid, else as is. */
function canonicalise(text: string): string {
  const parsed = parseVersion(text);
  return parsed === null ? text : formatVersion(parsed);
}

function prefixOf(text: string): VersionPrefix {
  const components = splitVersion(canonicalise(text));
  return { components, numericLength: numericPrefixLength(components) };
}

/** The prefix of a wildcard specifier's version (`1.2` of `==1.2.*`). */
export function wildcardPrefix(versionWithoutStar: string): VersionPrefix {
  return prefixOf(versionWithoutStar);
}

/** The prefix `~=` requires, from the specifier's raw version text (`1.4.5` → `1.4`). */
export function compatiblePrefix(rawVersion: string): VersionPrefix {
  const components = splitVersion(rawVersion);
  const suffixAt = components.findIndex((component) => SUFFIX_STARTS.some((s) => component.startsWith(s)));
  const kept = suffixAt < 0 ? components.length : suffixAt;
  const [epoch, ...release] = components.slice(0, Math.max(kept - 1, 0));
  return prefixOf(`${epoch}!${release.join(".")}`);
}

/** Whether a version (its public part, zero-padded to the prefix's numeric length) starts with the prefix. */
export function matchesPrefix(version: Pep440Version, prefix: VersionPrefix): boolean {
  // The split of str(public version): epoch, release numbers, then `a1`/`post1`/`dev1` items.
  const candidate: string[] = [String(version.epoch)];
  for (const part of version.release) candidate.push(String(part));
  for (let n = candidate.length; n < prefix.numericLength; n++) candidate.push("0");
  const { components } = prefix;
  if (candidate.length < components.length) {
    if (version.pre) candidate.push(`${version.pre[0]}${version.pre[1]}`);
    if (version.post !== null) candidate.push(`post${version.post}`);
    if (version.dev !== null) candidate.push(`dev${version.dev}`);
    if (candidate.length < components.length) return false;
  }
  for (let i = 0; i < components.length; i++) {
    if (candidate[i] !== components[i]) return false;
  }
  return true;
}
