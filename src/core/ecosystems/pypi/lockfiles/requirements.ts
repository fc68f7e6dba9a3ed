import { LockkeeperError } from "../../../errors.js";
import type { LockfileParser } from "../../types.js";

// PLACEHOLDER: being implemented; replaced before this lands.
export const requirementsParser: LockfileParser = {
  format: "requirements",
  ecosystem: "pypi",
  description: "requirements",
  matchesFileName: () => false,
  parse: () => {
    throw new LockkeeperError("UNKNOWN_FORMAT", "not implemented yet");
  },
};
