import type { EcosystemAdapter } from "../../types.js";
import { type ToyPublished, ToyRegistryClient } from "./registry.js";
import { TOY_NAMING, toyLockParser } from "./toy-lock.js";
import { toyVersioning } from "./versioning.js";

/**
 * A small ecosystem that exists only for the contract test: it is registered by the test and must
 * plug into inventory, scan, licences and outdated with no change outside its folder. It only
 * implements what the interface requires (no installed packages, no licence spellings).
 */
export function toyAdapter(published: ToyPublished): EcosystemAdapter {
  return {
    ...TOY_NAMING,
    displayName: "Toy",
    osvName: "Toy",
    versioning: toyVersioning,
    lockfileParsers: [toyLockParser],
    jumpClass(from, to) {
      if (toyVersioning.compare(from, to) >= 0) return undefined;
      const [a = 0, b = 0] = from.split(".").map(Number);
      const [c = 0, d = 0] = to.split(".").map(Number);
      return a !== c ? "major" : b !== d ? "minor" : "patch";
    },
    pickRelease(releases, pick) {
      // The newest final release, within the range when there is one.
      const candidates = releases.releases
        .filter(
          (release) => toyVersioning.isValid(release.version) && !toyVersioning.isPrerelease(release.version),
        )
        .filter((release) => !pick.range || toyVersioning.satisfies(release.version, pick.range))
        .sort((x, y) => toyVersioning.compare(x.version, y.version));
      return candidates.at(-1);
    },
    registryClient: async () => new ToyRegistryClient(published),
  };
}
