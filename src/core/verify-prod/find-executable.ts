import { accessSync, constants, statSync } from "node:fs";
import { delimiter, isAbsolute, join } from "node:path";

/** The full path of a program on the PATH of `env` (with PATHEXT on Windows), or undefined. */
export function findExecutable(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const extensions = process.platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";") : [""];
  const candidates =
    isAbsolute(name) || name.includes("/")
      ? [name]
      : (env.PATH ?? "")
          .split(delimiter)
          .filter(Boolean)
          .map((dir) => join(dir, name));
  for (const candidate of candidates) {
    for (const extension of extensions) {
      try {
        accessSync(candidate + extension, constants.X_OK);
        if (statSync(candidate + extension).isFile()) return candidate + extension;
      } catch {
        // not here: keep looking along the PATH
      }
    }
  }
  return undefined;
}
