import semver from "semver";
import { pep440Versioning } from "../ecosystems/pypi/versioning.js";
import type { Ecosystem } from "../model/types.js";

/** How big a version change is: which part of the version moves first. */
export type JumpClass = "major" | "minor" | "patch";
export const JUMP_CLASSES: readonly JumpClass[] = ["patch", "minor", "major"];

/**
 * The jump from one version to a newer one; undefined when they are equal or either cannot be
 * read. npm: semver's first differing field (a pre-release change of the same x.y.z is a patch).
 * PyPI: the first differing release segment (epoch changes count as major; 1.2 → 1.2.1 is a patch).
 */
export function jumpClass(ecosystem: Ecosystem, from: string, to: string): JumpClass | undefined {
  return ecosystem === "npm" ? npmJump(from, to) : pypiJump(from, to);
}

function npmJump(from: string, to: string): JumpClass | undefined {
  const a = semver.parse(from, { loose: true });
  const b = semver.parse(to, { loose: true });
  if (!a || !b || a.compare(b) === 0) return undefined;
  if (a.major !== b.major) return "major";
  if (a.minor !== b.minor) return "minor";
  return "patch";
}

function pypiJump(from: string, to: string): JumpClass | undefined {
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
