import type { InstallCommand, InstallMode } from "../../install-support.js";

/** The package managers of npm projects; yarn 2+ ("berry") takes other flags than yarn 1. */
export type NpmManager = "npm" | "pnpm" | "yarn" | "yarn-berry";

/**
 * The command of a production-only or a full install (`program`: the manager's full path). The full
 * install names development dependencies explicitly so a `NODE_ENV=production` in the environment
 * cannot turn it into a second production install.
 */
export function npmInstallCommand(manager: NpmManager, program: string, mode: InstallMode): InstallCommand {
  const prod = mode === "prod";
  switch (manager) {
    case "npm":
      return { program, args: ["ci", prod ? "--omit=dev" : "--include=dev", "--no-audit", "--no-fund"] };
    case "pnpm":
      return { program, args: ["install", prod ? "--prod" : "--prod=false", "--frozen-lockfile"] };
    case "yarn":
      return {
        program,
        args: ["install", prod ? "--production" : "--production=false", "--frozen-lockfile"],
      };
    case "yarn-berry":
      return {
        program,
        args: prod ? ["workspaces", "focus", "--all", "--production"] : ["install", "--immutable"],
      };
  }
}
