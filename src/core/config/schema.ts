import * as z from "zod";
import { ECOSYSTEM_IDS } from "../ecosystems/ids.js";
import { registriesSection } from "./registries-section.js";
import { updatesSection } from "./updates-section.js";

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
        "Glob patterns (relative to the project directory) of paths to leave out when looking for lockfiles. `**` crosses directories; `*`, `?`, `[ab]` and `{a,b}` do not; a pattern without `/` matches at any depth; a directory covers everything inside it.",
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
        "Lowest severity that makes `lk scan` exit 1; a finding of unknown severity follows `unknownSeverity`. `none` never fails.",
      )
      .default("critical"),
    unknownSeverity: z
      .enum(["fail", "ignore"])
      .describe(
        "What the gates (`lk scan --fail-on`, `lk diff --fail-on-new`) do with a finding whose severity is unknown (no record of its alias group carries a score or label, as with most PYSEC records): `fail` counts it at every threshold, as a security gate should; `ignore` lets it pass (it is still reported).",
      )
      .default("fail"),
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

const licenseOutcome = z.enum(["allow", "review", "deny"]);
const licenseList = (what: string) =>
  z
    .array(z.string().min(1))
    .describe(
      `SPDX licence ids ${what} (\`MIT\`, \`GPL-2.0-or-later\`, \`GPL-2.0-only WITH Classpath-exception-2.0\`, \`LicenseRef-…\`). Expressions are judged by SPDX semantics: \`A OR B\` passes when either passes, \`A AND B\` needs both.`,
    );
const licenseScopeRules = z
  .strictObject({
    exempt: z.boolean().optional().describe("Leave this scope's packages out of the policy."),
    allow: licenseList("allowed in this scope (replaces the project-wide list)").optional(),
    deny: licenseList("denied in this scope (replaces the project-wide list)").optional(),
    review: licenseList("to review in this scope (replaces the project-wide list)").optional(),
    unknown: licenseOutcome.optional().describe("Outcome for unreadable licences in this scope."),
    unlisted: licenseOutcome.optional().describe("Outcome for licences on no list in this scope."),
  })
  .describe("Rules for the packages of one scope; each key given replaces the project-wide one.");
const licensesSection = z
  .strictObject({
    allow: licenseList("that pass").default([]),
    deny: licenseList("that fail `lk licenses` (exit 1); deny wins over review").default([]),
    review: licenseList("listed as warnings for a human to look at").default([]),
    unknown: licenseOutcome
      .describe("Outcome for a licence that cannot be read as SPDX (kept as `unknown` with its raw text).")
      .default("review"),
    unlisted: licenseOutcome
      .optional()
      .describe(
        "Outcome for a licence on none of the lists. Default: `review` when `allow` is given, else `allow`.",
      ),
    scopes: z
      .partialRecord(z.enum(["prod", "optional", "peer", "dev"]), licenseScopeRules)
      .describe("Per-scope rules, e.g. `dev: { exempt: true }`.")
      .default({}),
    scope: z
      .enum(["prod", "dev", "all"])
      .describe("Which packages `lk licenses` lists by default: production only, development only, or all.")
      .default("all"),
    sitePackages: z
      .array(z.string().min(1))
      .describe(
        "More site-packages folders (relative to the project) to read installed Python metadata from; `.venv` and `venv` are found on their own.",
      )
      .default([]),
    registry: z
      .strictObject({
        enabled: z
          .boolean()
          .describe(
            "Ask the registries (see `registries`) for licences that the lockfile and installed packages do not give (`--registry` for one run). Off: the CLI works offline.",
          )
          .default(false),
      })
      .describe("Registry look-ups for licences (off by default).")
      .prefault({}),
  })
  .describe("Licence policy and sources (`lk licenses`, `lk notice`).");

const importsSection = z
  .strictObject({
    production: z
      .array(z.string().min(1))
      .describe(
        "Glob patterns of production source for `lk check imports`; empty means every source file that is not excluded.",
      )
      .default([]),
    exclude: z
      .array(z.string().min(1))
      .describe("Glob patterns of paths that are not production source, added to the default exclusions.")
      .default([]),
    defaultExclude: z
      .boolean()
      .describe(
        "Leave out tests, benchmarks, build output, tool configuration (*.config.*, setup.py), docs, examples and scripts/ by default.",
      )
      .default(true),
    unusedExempt: z
      .array(z.string().min(1))
      .describe(
        "Production dependencies (names or name patterns such as `@app/*`) never reported as unused, such as CLIs run only from scripts.",
      )
      .default([]),
    ignore: z
      .array(z.string().min(1))
      .describe(
        "Package names or name patterns (`@app/*`; `*` never crosses a scope's `/`) whose imports are not checked: aliases and virtual modules.",
      )
      .default([]),
    pythonModules: z
      .record(z.string().min(1), z.string().min(1))
      .describe("Python import name → distribution, for names Lockkeeper cannot map (`{ yaml: PyYAML }`).")
      .default({}),
  })
  .describe("Production import checks (`lk check imports`).");

const verifyProdSection = z
  .strictObject({
    smoke: z
      .string()
      .min(1)
      .optional()
      .describe("Shell command that must pass in the production-only install (`lk verify-prod --smoke`)."),
    ecosystem: z
      .enum(ECOSYSTEM_IDS)
      .optional()
      .describe("Which install to verify when the project has both npm and Python lockfiles."),
    prodLock: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Python: production requirements lock (default: requirements.txt, requirements/main.txt, …).",
      ),
    devLocks: z
      .array(z.string().min(1))
      .describe(
        "Python: development locks added for the full install (default: requirements-dev.txt, requirements/dev.txt, …).",
      )
      .default([]),
    indexUrl: z
      .string()
      .min(1)
      .optional()
      .describe("Python: package index pip installs from (`--index-url`); default: pip's own configuration."),
    python: z
      .string()
      .min(1)
      .describe("Python interpreter that creates the virtual environments.")
      .default(process.platform === "win32" ? "python" : "python3"),
    smokeTimeoutSeconds: z
      .number()
      .positive()
      .describe("Stop (and fail) the smoke command after this many seconds.")
      .default(300),
    full: z
      .boolean()
      .describe(
        "Also install everything, with development dependencies, in a second copy to compare size and package count.",
      )
      .default(true),
  })
  .describe("Production install verification (`lk verify-prod`).");

/** `256MiB`, `1 GiB`, `500KiB` or a number of bytes. */
const SIZE = /^\s*([1-9]\d*)\s*(bytes|B|KiB|MiB|GiB)?\s*$/;
const SIZE_UNITS: Record<string, number> = { bytes: 1, B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

const limitsSection = z
  .strictObject({
    maxFileSize: z
      .union([
        z.number().int().positive(),
        z.string().regex(SIZE, "expected a size such as 256MiB, 1GiB, 500KiB or a number of bytes"),
      ])
      .transform((value) => {
        if (typeof value === "number") return value;
        const [, digits = "0", unit = "bytes"] = SIZE.exec(value) ?? [];
        return Number(digits) * (SIZE_UNITS[unit] ?? 1);
      })
      .describe(
        "Largest file Lockkeeper reads (lockfiles, manifests, SBOMs): a number of bytes or a size such as `512MiB`. Larger files are refused with an error instead of filling memory.",
      )
      .default(256 * 1024 ** 2),
  })
  .describe("Limits that protect against hostile or broken input.");

export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe("Path or URL of this file's JSON Schema, for editors."),
    inventory: inventorySection.prefault({}),
    scan: scanSection.prefault({}),
    licenses: licensesSection.prefault({}),
    imports: importsSection.prefault({}),
    verifyProd: verifyProdSection.prefault({}),
    registries: registriesSection.prefault({}),
    updates: updatesSection.prefault({}),
    limits: limitsSection.prefault({}),
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
