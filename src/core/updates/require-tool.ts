import { LockkeeperError } from "../errors.js";
import { findExecutable } from "../verify-prod/find-executable.js";
import type { ToolCommand } from "./change-tools.js";

/** The program's full path; a clear error when the project's tool is not installed. */
export function requireTool(command: ToolCommand, env: NodeJS.ProcessEnv): string {
  const found = findExecutable(command.program, env);
  if (!found) {
    throw new LockkeeperError("NOT_FOUND", `${command.program} is not installed, and this project uses it`, {
      hint: `install ${command.program} (see its documentation), or run the change by hand: ${command.program} ${command.args.join(" ")}`,
    });
  }
  return found;
}
