import { LockkeeperError } from "../../../errors.js";
import type { LockfileParser } from "../../types.js";

// PLACEHOLDER: being implemented; replaced before this lands.
export const yarnLockParser: LockfileParser = {
  format: "yarn-lock",
  ecosystem: "npm",
  description: "yarn-lock",
  matchesFileName: () => false,
  parse: () => {
    throw new LockkeeperError("UNKNOWN_FORMAT", "not implemented yet");
  },
};
