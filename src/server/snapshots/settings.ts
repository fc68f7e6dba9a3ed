import type { Kysely } from "kysely";
import * as z from "zod";
import { SEVERITY_LEVELS } from "../../core/findings/types.js";
import type { Database } from "../db/schema.js";
import { HttpProblem } from "../problem.js";

const licenseLists = z.object({
  deny: z.array(z.string()).optional(),
  review: z.array(z.string()).optional(),
  allow: z.array(z.string()).optional(),
});

/**
 * The members of a policy someone set, at one level (the installation's defaults, or a project's
 * `settings`): each absent member comes from the level below. Same meaning as `lk scan --fail-on /
 * --unknown-severity` and the `licenses` lists of the CLI config.
 */
export const policyLayerSchema = z.object({
  failOn: z.enum([...SEVERITY_LEVELS.filter((level) => level !== "unknown"), "none"]).optional(),
  unknownSeverity: z.enum(["fail", "ignore"]).optional(),
  licenses: licenseLists.optional(),
});

export type PolicyLayer = z.infer<typeof policyLayerSchema>;

/** A policy with every member decided. */
export interface ProjectPolicy {
  failOn: "critical" | "high" | "medium" | "low" | "none";
  unknownSeverity: "fail" | "ignore";
  licenses: { deny: string[]; review: string[]; allow: string[] };
}

/** What applies when nobody set anything. */
export const BUILT_IN_POLICY: ProjectPolicy = {
  failOn: "high",
  unknownSeverity: "fail",
  licenses: { deny: [], review: [], allow: [] },
};

/** The policy layer in a project's settings or the installation's (other keys are left alone). */
export function policyLayer(settings: unknown, owner: string): PolicyLayer {
  const parsed = policyLayerSchema.safeParse(settings ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  // Settings that do not validate are their owner's fault, not the request's: 409.
  throw new HttpProblem(409, `${owner} settings are invalid: ${problems.join("; ")}`);
}

/** Layers applied in order over the built-in policy, member by member (each licence list whole). */
export function layeredPolicy(...layers: PolicyLayer[]): ProjectPolicy {
  let policy = BUILT_IN_POLICY;
  for (const layer of layers) {
    policy = {
      failOn: layer.failOn ?? policy.failOn,
      unknownSeverity: layer.unknownSeverity ?? policy.unknownSeverity,
      licenses: {
        deny: layer.licenses?.deny ?? policy.licenses.deny,
        review: layer.licenses?.review ?? policy.licenses.review,
        allow: layer.licenses?.allow ?? policy.licenses.allow,
      },
    };
  }
  return policy;
}

/** The installation's policy layer (`server_settings.policy`), empty until an admin sets one. */
export async function globalPolicyLayer(db: Kysely<Database>): Promise<PolicyLayer> {
  const row = await db
    .selectFrom("server_settings")
    .select("value")
    .where("key", "=", "policy")
    .executeTakeFirst();
  return policyLayer(row?.value, "the installation's");
}

/** The policy a project's snapshots are judged by: its own settings over the installation's. */
export async function projectPolicy(db: Kysely<Database>, settings: unknown): Promise<ProjectPolicy> {
  return layeredPolicy(await globalPolicyLayer(db), policyLayer(settings, "the project's"));
}
