import type { JumpClass } from "../types.js";
import { pep440Versioning } from "./versioning.js";

/** The first differing release segment (an epoch change is major; 1.2 → 1.2.1 is a patch). */
export function pypiJump(from: string, to: string): JumpClass | undefined {
  if (!pep440Versioning.isValid(from) || !pep440Versioning.isValid(to)) return undefined;
  if (pep440Versioning.compare(from, to) === 0) return undefined;
  const a = releaseSegments(from);
  const b = releaseSegments(to);
  if (a.epoch !== b.epoch) return "major";
  const length = Math.max(a.release.length, b.release.length, 3);
  for (let index = 0; index < length; index++) {
    if ((a.release[index] ?? 0) !== (b.release[index] ?? 0)) {
      return index === 0 ? "major" : index === 1 ? "minor" : "patch";
    }
  }
  return "patch";
}

function releaseSegments(version: string): { epoch: number; release: number[] } {
  const normal = pep440Versioning.normalise(version);
  const match = /^(?:(\d+)!)?(\d+(?:\.\d+)*)/.exec(normal);
  return {
    epoch: Number(match?.[1] ?? 0),
    release: (match?.[2] ?? "0").split(".").map(Number),
  };
}
