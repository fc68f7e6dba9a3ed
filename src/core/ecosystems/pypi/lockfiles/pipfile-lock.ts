import { LockkeeperError } from "../../../errors.js";
import type { LockfileParser } from "../../types.js";

// PLACEHOLDER: being implemented; replaced before this lands.
export const pipfileLockParser: LockfileParser = {
  format: "pipfile-lock",
  ecosystem: "pypi",
  description: "pipfile-lock",
  matchesFileName: () => false,
  parse: () => {
    throw new LockkeeperError("UNKNOWN_FORMAT", "not implemented yet");
  },
};
