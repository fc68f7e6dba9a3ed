import * as z from "zod";

const jumpClass = z.enum(["patch", "minor", "major"]);
/** Package names or name patterns (package-name-pattern.ts): not path globs. */
const namePatterns = (what: string) => z.array(z.string().min(1)).describe(what);

const updateRule = z
  .strictObject({
    match: namePatterns(
      "Package names or name patterns the rule applies to (`@babel/*`, `eslint*`: `*` never crosses a scope's `/`, `*` alone is every package); empty: every package.",
    ).default([]),
    scope: z
      .enum(["prod", "dev", "all"])
      .describe("Only dependencies of this kind (as the manifest declares them).")
      .default("all"),
    updateTypes: z
      .array(jumpClass)
      .optional()
      .describe("Jump classes proposed for these packages (`[patch, minor]` holds back majors)."),
    group: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/)
      .optional()
      .describe("Propose every matching update together on one branch `lockkeeper/<group>`."),
    minimumReleaseAgeDays: z
      .number()
      .min(0)
      .optional()
      .describe("Cool-down for these packages, replacing `updates.minimumReleaseAgeDays`."),
    enabled: z.boolean().optional().describe("`false` never proposes updates for these packages."),
  })
  .describe(
    "One update rule. Every rule that matches a package applies, in order; later rules override earlier ones key by key.",
  );

/** `lk outdated`, `lk add` and `lk update`: cool-down, rules, tests and pull requests (registries: `registries`). */
export const updatesSection = z
  .strictObject({
    minimumReleaseAgeDays: z
      .number()
      .min(0)
      .describe(
        "Cool-down: releases younger than this are not added or proposed (security fixes bypass it in `lk update`).",
      )
      .default(3),
    allowInstallScripts: namePatterns(
      "npm packages allowed to run install scripts when `lk add` brings them in: exact names (`esbuild` is not `@evil/esbuild`) or name patterns (`@swc/*`).",
    ).default([]),
    ignore: namePatterns(
      "Updates never proposed: `name` (all versions) or `name@range` (`typescript@>=6`, `django@>=6`).",
    ).default([]),
    rules: z
      .array(updateRule)
      .describe("Which updates `lk update` proposes, and how they are grouped.")
      .default([]),
    test: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Shell command run on each update branch (`npm test`); a failing update is marked, not pushed.",
      ),
    testTimeoutSeconds: z
      .number()
      .positive()
      .describe("Stop (and fail) the test command after this long.")
      .default(1800),
    baseBranch: z
      .string()
      .min(1)
      .optional()
      .describe("Branch updates start from (default: the current branch)."),
    branchPrefix: z.string().min(1).describe("Prefix of update branch names.").default("lockkeeper/"),
    pullRequests: z
      .strictObject({
        provider: z.enum(["github", "gitlab"]).describe("Where pull requests are opened."),
        repository: z.string().min(1).describe("`owner/name` on GitHub, the project path or id on GitLab."),
        apiUrl: z.url().optional().describe("API base URL (GitHub Enterprise, self-hosted GitLab)."),
        tokenEnv: z
          .string()
          .min(1)
          .optional()
          .describe(
            "Environment variable holding the token (default: GITHUB_TOKEN or GH_TOKEN / GITLAB_TOKEN).",
          ),
        labels: z.array(z.string().min(1)).describe("Labels put on each pull request.").default([]),
      })
      .optional()
      .describe("Pull requests for `lk update --open-pr`."),
    changelog: z
      .strictObject({
        githubRepositories: z
          .record(z.string().min(1), z.string().regex(/^[^/\s]+\/[^/\s]+$/))
          .describe(
            "Package → `owner/name` whose GitHub releases describe its versions (used when its package has no changelog).",
          )
          .default({}),
        githubApiUrl: z.url().describe("GitHub API base URL for releases.").default("https://api.github.com"),
        githubTokenEnv: z
          .string()
          .min(1)
          .describe("Environment variable with a GitHub token for release notes (optional).")
          .default("GITHUB_TOKEN"),
      })
      .describe("Where release notes come from for pull-request descriptions.")
      .prefault({}),
    pipTools: z
      .strictObject({
        compileCommand: z
          .array(z.string().min(1))
          .optional()
          .describe(
            "Command that compiles a layer, e.g. `[pip-compile, --generate-hashes]` or `[uv, pip, compile, --generate-hashes]`; default: pip's own resolver.",
          ),
        python: z.string().min(1).describe("Python interpreter for pip's resolver.").default("python3"),
      })
      .describe("How pip-tools projects are recompiled by `lk add`.")
      .prefault({}),
  })
  .describe("Dependency changes (`lk outdated`, `lk add`, `lk update`).");

export type UpdatesConfig = z.output<typeof updatesSection>;
export type UpdateRule = z.output<typeof updateRule>;
