import semver from "semver";
import type { JumpClass } from "../types.js";

/** semver's first differing field; a pre-release change of the same x.y.z is a patch. */
export function npmJump(from: string, to: string): JumpClass | undefined {
  const a = semver.parse(from, { loose: true });
  const b = semver.parse(to, { loose: true });
  if (!a || !b || a.compare(b) === 0) return undefined;
  if (a.major !== b.major) return "major";
  if (a.minor !== b.minor) return "minor";
  return "patch";
}
