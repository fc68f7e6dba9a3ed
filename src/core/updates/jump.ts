import { adapterFor } from "../ecosystems/index.js";
import type { JumpClass } from "../ecosystems/types.js";
import type { Ecosystem } from "../model/types.js";

export type { JumpClass };
export const JUMP_CLASSES: readonly JumpClass[] = ["patch", "minor", "major"];

/** The jump from one version to a newer one, by the ecosystem's rules; undefined when equal or unreadable. */
export function jumpClass(ecosystem: Ecosystem, from: string, to: string): JumpClass | undefined {
  return adapterFor(ecosystem).jumpClass(from, to);
}
