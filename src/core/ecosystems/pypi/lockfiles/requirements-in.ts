import type { LockfileParser } from "../../types.js";
import { readRequirements } from "../requirements/read-requirements.js";
import { sniffRequirements } from "../requirements/sniff.js";

/**
 * pip-tools inputs (`*.in`): the declared, mostly unpinned requirements a lock is compiled from.
 * Read when no compiled `.txt` sits beside them. `.in` is also autoconf's and MANIFEST.in's
 * extension, so detection sniffs the content.
 */
export const requirementsInParser: LockfileParser = {
  format: "requirements-in",
  ecosystem: "pypi",
  description: "pip-tools inputs (*.in): declared requirements before compilation",
  matchesFileName: (fileName) => fileName.endsWith(".in"),
  fileNamePatterns: ["*.in"],
  // The compiled lock is the truth; its input is read only while nothing has been compiled.
  replacedBy: (fileName) => `${fileName.slice(0, -3)}.txt`,
  sniff: (content) => sniffRequirements(content, { bareNamesSuffice: true }),
  parse: (input) => readRequirements(input, "requirements-in", "input"),
};
