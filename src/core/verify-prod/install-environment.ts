import { delimiter } from "node:path";
import type { InstallEnvironment } from "../ecosystems/install-support.js";

/** `env` for a command run inside an install: the install's programs first on PATH, its variables set or removed. */
export function withInstallEnvironment(
  env: NodeJS.ProcessEnv,
  install: InstallEnvironment,
): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = { ...env };
  // Windows spells it Path; a second PATH key would be ignored.
  const pathKey = Object.keys(result).find((key) => key.toUpperCase() === "PATH") ?? "PATH";
  result[pathKey] = [install.bin, result[pathKey]].filter(Boolean).join(delimiter);
  for (const [name, value] of Object.entries(install.variables ?? {})) {
    if (value === undefined) delete result[name];
    else result[name] = value;
  }
  return result;
}
