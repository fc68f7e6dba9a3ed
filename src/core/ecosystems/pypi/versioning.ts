import type { VersionScheme } from "../types.js";

// PLACEHOLDER: PEP 440 being implemented; replaced before this lands.
export const pep440Versioning: VersionScheme = {
  isValid: () => false,
  compare: () => 0,
  satisfies: () => false,
};
