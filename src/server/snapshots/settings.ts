import * as z from "zod";
import { SEVERITY_LEVELS } from "../../core/findings/types.js";
import { HttpProblem } from "../problem.js";

/**
 * The gate a project's snapshots are judged by, from the project's `settings` jsonb: the same
 * meaning as `lk scan --fail-on / --unknown-severity` and the `licenses` lists of the CLI config.
 */
export const projectPolicySchema = z.object({
  failOn: z.enum([...SEVERITY_LEVELS.filter((level) => level !== "unknown"), "none"]).default("high"),
  unknownSeverity: z.enum(["fail", "ignore"]).default("fail"),
  licenses: z
    .object({
      deny: z.array(z.string()).default([]),
      review: z.array(z.string()).default([]),
      allow: z.array(z.string()).default([]),
    })
    .default({ deny: [], review: [], allow: [] }),
});

export type ProjectPolicy = z.infer<typeof projectPolicySchema>;

/**
 * The policy part of a project's settings (other keys belong to other features and are left
 * alone). Settings that do not validate are the project's fault, not the push's: 409.
 */
export function projectPolicy(settings: unknown): ProjectPolicy {
  const parsed = projectPolicySchema.safeParse(settings ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  throw new HttpProblem(409, `the project's settings are invalid: ${problems.join("; ")}`);
}
