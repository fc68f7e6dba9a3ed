import type { VersionScheme } from "../../types.js";

/** Toy versions: dot-separated whole numbers (`1.2`), compared numerically; `1.3-pre` is a pre-release. */
function parse(version: string): number[] | undefined {
  const match = /^(\d+(?:\.\d+)*)(-pre)?$/.exec(version);
  return match?.[1]?.split(".").map(Number);
}

function compare(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) throw new Error(`not a toy version: ${pa ? b : a}`);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return Number(b.endsWith("-pre")) - Number(a.endsWith("-pre"));
}

/** Toy ranges: space-separated `>=X` and `<Y` bounds, all of which must hold. */
function bounds(range: string): { op: ">=" | "<"; version: string }[] | undefined {
  const parts = range.trim().split(/\s+/);
  const out: { op: ">=" | "<"; version: string }[] = [];
  for (const part of parts) {
    const match = /^(>=|<)(.+)$/.exec(part);
    if (!match?.[1] || !match[2] || !parse(match[2])) return undefined;
    out.push({ op: match[1] as ">=" | "<", version: match[2] });
  }
  return out.length > 0 ? out : undefined;
}

export const toyVersioning: VersionScheme = {
  name: "toy",
  isValid: (version) => parse(version) !== undefined,
  compare,
  key: (version) =>
    parse(version)
      ?.join(".")
      .concat(version.endsWith("-pre") ? "-pre" : ""),
  satisfies: (version, range) => {
    const all = bounds(range);
    return all?.every((b) => compare(version, b.version) >= 0 === (b.op === ">=")) ?? false;
  },
  isValidRange: (range) => bounds(range) !== undefined,
  isPrerelease: (version) => version.endsWith("-pre"),
};
