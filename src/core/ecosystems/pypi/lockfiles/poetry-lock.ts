import { LockkeeperError } from "../../../errors.js";
import type { LockfileParser } from "../../types.js";

// PLACEHOLDER: being implemented; replaced before this lands.
export const poetryLockParser: LockfileParser = {
  format: "poetry-lock",
  ecosystem: "pypi",
  description: "poetry-lock",
  matchesFileName: () => false,
  parse: () => {
    throw new LockkeeperError("UNKNOWN_FORMAT", "not implemented yet");
  },
};
