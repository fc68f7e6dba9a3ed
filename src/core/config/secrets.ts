import { LockkeeperError } from "../errors.js";

/**
 * Environment variables that project configuration names (token variables, `${VAR}` in an
 * `.npmrc`). Core code reads them only through this, never from `process.env`, so a server
 * running many projects decides which of its variables a project may read.
 */
export interface Secrets {
  /**
   * The variable's value (undefined when unset). `purpose` says what it is for, in errors:
   * "the token for the Python index (registries.pypiTokenEnv)".
   */
  read(variable: string, purpose: string): string | undefined;
}

/**
 * Secrets from an environment. `"any"` lets configuration read every variable (the CLI, where the
 * user runs their own project); a list allows only those, and reading another is a CONFIG error.
 */
export function environmentSecrets(
  env: Readonly<Record<string, string | undefined>>,
  allowed: "any" | readonly string[],
): Secrets {
  return {
    read(variable, purpose) {
      if (allowed !== "any" && !allowed.includes(variable)) {
        throw new LockkeeperError(
          "CONFIG",
          `the configuration asks for the environment variable ${variable} (${purpose}), which is not allowed here`,
          {
            hint: `the operator allows it by adding ${variable} to the environment variables projects may read`,
          },
        );
      }
      return env[variable];
    },
  };
}
