import type { Ecosystem } from "../model/types.js";
import { npmAdapter } from "./npm/index.js";
import { pypiAdapter } from "./pypi/index.js";
import type { EcosystemAdapter, LockfileParser } from "./types.js";

/** Every ecosystem Lockkeeper knows. Adding one means adding a folder and a line here. */
export const ECOSYSTEMS: readonly EcosystemAdapter[] = [npmAdapter, pypiAdapter];

export function adapterFor(ecosystem: Ecosystem): EcosystemAdapter {
  const adapter = ECOSYSTEMS.find((a) => a.ecosystem === ecosystem);
  if (!adapter) throw new Error(`no adapter registered for ${ecosystem}`);
  return adapter;
}

export function lockfileParsers(): LockfileParser[] {
  return ECOSYSTEMS.flatMap((a) => a.lockfileParsers);
}
