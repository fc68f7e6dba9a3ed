import type { LockfileParser } from "../../types.js";
import { readRequirements } from "../requirements/read-requirements.js";
import { namedLikeRequirements, sniffRequirements } from "../requirements/sniff.js";

/**
 * pip requirements files: plain pins (`pip freeze`) and pip-compile/uv output with `--hash`
 * continuations and `# via` annotations, following `-r` includes. Any `.txt` can be one, so
 * detection sniffs the content.
 */
export const requirementsParser: LockfileParser = {
  format: "requirements",
  ecosystem: "pypi",
  description:
    "pip requirements files (requirements*.txt, pip-compile output with hashes and # via annotations)",
  matchesFileName: (fileName) => fileName.toLowerCase().endsWith(".txt"),
  fileNamePatterns: ["*.txt"],
  /**
   * A `requirements*.txt`/`constraints*.txt` name is enough when the caller passes it; any other
   * `.txt` (README, LICENSE, word lists) must show pins, options, URLs or a pip-compile header.
   */
  sniff: (content: string, fileName?: string) =>
    fileName !== undefined && namedLikeRequirements(fileName)
      ? !content.includes("\u0000")
      : sniffRequirements(content, { bareNamesSuffice: false }),
  parse: (input) => readRequirements(input, "requirements", "lock"),
};
