import { LockkeeperError } from "../../../errors.js";
import type { LockfileParser } from "../../types.js";

// PLACEHOLDER: being implemented; replaced before this lands.
export const requirementsInParser: LockfileParser = {
  format: "requirements-in",
  ecosystem: "pypi",
  description: "requirements-in",
  matchesFileName: () => false,
  parse: () => {
    throw new LockkeeperError("UNKNOWN_FORMAT", "not implemented yet");
  },
};
