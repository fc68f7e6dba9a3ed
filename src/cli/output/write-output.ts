import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { LockkeeperError } from "../../core/errors.js";

/** Plain words for the errors a user can cause with `-o`; anything else keeps the system's code. */
const REASONS: Record<string, string> = {
  ENOENT: "folder does not exist",
  ENOTDIR: "a part of the path is not a folder",
  EISDIR: "it is a folder",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  ENAMETOOLONG: "name too long",
};

/**
 * Writes a command's `-o/--output` file. A path that cannot be written is the user's input, not a
 * bug: one line naming the file and why, exit 2 (instead of an internal error with ENOENT).
 */
export async function writeOutputFile(cwd: string, output: string, text: string): Promise<string> {
  const file = resolve(cwd, output);
  try {
    await writeFile(file, text);
  } catch (error: unknown) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== "string") throw error;
    throw new LockkeeperError("USAGE", `cannot write ${output}: ${REASONS[code] ?? code}`, { cause: error });
  }
  return file;
}
