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

export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe("Path or URL of this file's JSON Schema, for editors."),
    inventory: inventorySection.prefault({}),
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
