import { z } from "zod";

/**
 * The project configuration (`lockkeeper.yaml`). Each capability adds its own section; every key has
 * a description (shown by editors through the generated JSON Schema) and a default.
 * Command-line flags override these values.
 */
const inventorySection = z
  .strictObject({
    exclude: z
      .array(z.string().min(1))
      .describe(
        "Glob patterns (relative to the project directory) of paths to leave out when looking for lockfiles.",
      )
      .default([]),
    scope: z
      .enum(["prod", "dev", "all"])
      .describe("Which packages `lk inventory` lists by default: production only, development only, or all.")
      .default("all"),
  })
  .describe("How the inventory is taken.");

const scanSection = z
  .strictObject({
    failOn: z
      .enum(["critical", "high", "medium", "low", "none"])
      .describe(
        "Lowest severity that makes `lk scan` exit 1. Unknown severities count only for `low`. `none` never fails.",
      )
      .default("critical"),
    scope: z
      .enum(["prod", "dev", "all"])
      .describe("Which packages `lk scan` checks by default: production only, development only, or all.")
      .default("all"),
    database: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Advisory database folder (default: the user cache, else the snapshot shipped with Lockkeeper).",
      ),
    warnDbAgeDays: z
      .number()
      .int()
      .positive()
      .describe("Warn when the advisory data is older than this many days.")
      .default(7),
    maxDbAgeDays: z
      .number()
      .int()
      .positive()
      .optional()
      .describe("Fail (exit 3) when the advisory data is older than this many days."),
    registryMetadata: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Folder of npm packuments (`<name>.json`) to take published versions from for fix suggestions.",
      ),
  })
  .describe("Vulnerability scanning (`lk scan`).");

export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe("Path or URL of this file's JSON Schema, for editors."),
    inventory: inventorySection.prefault({}),
    scan: scanSection.prefault({}),
  })
  .describe("Lockkeeper project configuration (lockkeeper.yaml).");

export type LockkeeperConfig = z.output<typeof configSchema>;

/** The configuration used when a project has no config file. */
export function defaultConfig(): LockkeeperConfig {
  return configSchema.parse({});
}

/** JSON Schema (draft 2020-12) of the config file, for editors (`yaml-language-server: $schema=…`). */
export function configJsonSchema(): object {
  return z.toJSONSchema(configSchema, { io: "input", target: "draft-2020-12" });
}
