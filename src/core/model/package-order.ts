import type { Ecosystem } from "./types.js";

/** A version order for display: total (every pair of strings compares) and never throws. */
export type VersionOrder = (a: string, b: string) => number;

/**
 * The display order of an ecosystem's versions: its own order for versions it can read, those
 * before anything else (git commits, tags, paths), and the rest as text. Lists of one package's
 * versions read `2.9.7, 2.12.0, 2.13.6`, not the string order `2.12.0, 2.13.6, 2.9.7`.
 */
export function totalVersionOrder(scheme: {
  isValid(version: string): boolean;
  compare(a: string, b: string): number;
}): VersionOrder {
  return (a, b) => {
    if (a === b) return 0;
    const validA = scheme.isValid(a);
    const validB = scheme.isValid(b);
    if (validA && validB) return scheme.compare(a, b) || compareText(a, b);
    if (validA !== validB) return validA ? -1 : 1;
    return compareText(a, b);
  };
}

interface Ordered {
  ecosystem: Ecosystem;
  name: string;
  version?: string;
}

/**
 * Packages by ecosystem, then name, then version order (an unpinned package, without a version,
 * first). Comparing names on their own keeps `pip` before `pip-tools`, which `name@version`
 * strings do not ('-' sorts before '@').
 */
export function comparePackageOrder<T extends Ordered>(
  a: T,
  b: T,
  versionOrder: (ecosystem: Ecosystem) => VersionOrder,
): number {
  if (a.ecosystem !== b.ecosystem) return compareText(a.ecosystem, b.ecosystem);
  if (a.name !== b.name) return compareText(a.name, b.name);
  if (a.version === b.version) return 0;
  if (a.version === undefined) return -1;
  if (b.version === undefined) return 1;
  return versionOrder(a.ecosystem)(a.version, b.version);
}

/** Locale-independent ordering so output is byte-for-byte stable across machines. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
