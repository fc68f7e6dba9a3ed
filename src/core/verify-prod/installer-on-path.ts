import type { FindInstaller } from "../ecosystems/install-support.js";
import { LockkeeperError } from "../errors.js";
import { findExecutable } from "./find-executable.js";

/** Finds installers on the PATH of `env`; a missing one is an input error naming the lockfile that needs it. */
export function installerOnPath(env: NodeJS.ProcessEnv): FindInstaller {
  return (program, lockfile, hint) => {
    const found = findExecutable(program, env);
    if (found) return found;
    throw new LockkeeperError(
      "NOT_FOUND",
      `${program} is not installed (needed for ${lockfile}): not found on PATH`,
      { hint },
    );
  };
}
