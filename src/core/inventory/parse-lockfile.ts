import type { LockfileInput, LockfileParser } from "../ecosystems/types.js";
import { parseError } from "../errors.js";
import type { Snapshot } from "../model/types.js";

/**
 * Runs a parser at the boundary where the input is a file the user gave. Parsers recurse over
 * nested structures; a hostile file nested thousands of levels deep overflows the stack (a
 * RangeError), which is a fault of the file, not a bug: a PARSE error naming it. Parsers that can
 * tell the line (pnpm's YAML reader) report it themselves.
 */
export function parseLockfile(parser: LockfileParser, input: LockfileInput): Snapshot {
  try {
    return parser.parse(input);
  } catch (error: unknown) {
    if (error instanceof RangeError)
      throw parseError(
        input.path,
        `nested too deeply or too large to read (${error.message})`,
        undefined,
        error,
      );
    throw error;
  }
}
