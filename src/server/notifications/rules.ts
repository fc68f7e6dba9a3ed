import type { Kysely, Selectable } from "kysely";
import { compareSeverity } from "../../core/advisories/severity/record-severity.js";
import type { Database, NotificationRulesTable } from "../db/schema.js";
import { HttpProblem } from "../problem.js";
import type { NotificationEvent, NotificationEventKind, Severity } from "./events.js";

/** A rule as the API shows it: names, not ids, for the team, project and channel. */
export interface RuleView {
  id: string;
  name: string;
  channel: { id: string; name: string };
  team: string | null;
  project: string | null;
  events: NotificationEventKind[];
  minSeverity: Severity;
  enabled: boolean;
  createdAt: string;
  createdBy: string;
}

export interface CreateRuleRequest {
  name: string;
  channelId: string;
  team?: string;
  project?: string;
  events: NotificationEventKind[];
  minSeverity?: Severity;
}

type RuleRow = Selectable<NotificationRulesTable> & {
  channel_name: string;
  team: string | null;
  project: string | null;
};

function rulesWithNames(db: Kysely<Database>) {
  return db
    .selectFrom("notification_rules as r")
    .innerJoin("notification_channels as c", "c.id", "r.channel_id")
    .leftJoin("teams as t", "t.id", "r.team_id")
    .leftJoin("projects as p", "p.id", "r.project_id")
    .selectAll("r")
    .select(["c.name as channel_name", "t.name as team", "p.name as project"]);
}

export function ruleView(row: RuleRow): RuleView {
  return {
    id: row.id,
    name: row.name,
    channel: { id: row.channel_id, name: row.channel_name },
    team: row.team,
    project: row.project,
    events: row.events as NotificationEventKind[],
    minSeverity: row.min_severity,
    enabled: row.enabled,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
  };
}

export async function listRules(db: Kysely<Database>): Promise<RuleView[]> {
  return (await rulesWithNames(db).orderBy("r.name").execute()).map(ruleView);
}

export async function ruleById(db: Kysely<Database>, id: string): Promise<RuleView> {
  const row = await rulesWithNames(db).where("r.id", "=", id).executeTakeFirst();
  if (!row) throw new HttpProblem(404, `no notification rule ${id}`);
  return ruleView(row);
}

/** The ids a rule names, each checked to exist (a typo is the request's fault, not a 500). */
export async function resolveRuleTargets(
  db: Kysely<Database>,
  request: Pick<CreateRuleRequest, "channelId" | "team" | "project">,
): Promise<{ channelId: string; teamId: string | null; projectId: string | null }> {
  if (request.team !== undefined && request.project !== undefined)
    throw new HttpProblem(400, "a rule names a team or a project, not both (neither: every project)");
  const channel = await db
    .selectFrom("notification_channels")
    .select("id")
    .where("id", "=", request.channelId)
    .executeTakeFirst();
  if (!channel) throw new HttpProblem(422, `no notification channel ${request.channelId}`);
  const team =
    request.team === undefined
      ? undefined
      : await db.selectFrom("teams").select("id").where("name", "=", request.team).executeTakeFirst();
  if (request.team !== undefined && !team)
    throw new HttpProblem(422, `no team named ${JSON.stringify(request.team)}`);
  const project =
    request.project === undefined
      ? undefined
      : await db.selectFrom("projects").select("id").where("name", "=", request.project).executeTakeFirst();
  if (request.project !== undefined && !project)
    throw new HttpProblem(422, `no project named ${JSON.stringify(request.project)}`);
  return { channelId: channel.id, teamId: team?.id ?? null, projectId: project?.id ?? null };
}

/** What the events of one project reach: the enabled rules for it, its team, or every project. */
export interface RuleTarget {
  channelId: string;
  events: ReadonlySet<string>;
  minSeverity: Severity;
}

export async function rulesForProject(db: Kysely<Database>, projectId: string): Promise<RuleTarget[]> {
  const rows = await db
    .selectFrom("notification_rules as r")
    .innerJoin("notification_channels as c", "c.id", "r.channel_id")
    .select(["r.channel_id", "r.events", "r.min_severity"])
    .where("r.enabled", "=", true)
    .where("c.enabled", "=", true)
    .where((eb) =>
      eb.or([
        eb.and([eb("r.team_id", "is", null), eb("r.project_id", "is", null)]),
        eb("r.project_id", "=", projectId),
        eb("r.team_id", "=", eb.selectFrom("projects").select("team_id").where("id", "=", projectId)),
      ]),
    )
    .execute();
  return rows.map((row) => ({
    channelId: row.channel_id,
    events: new Set(row.events),
    minSeverity: row.min_severity,
  }));
}

/**
 * Whether a rule sends an event: its kind is one the rule names, and a finding is at or above the
 * rule's severity (other events have no severity of their own and always pass).
 */
export function ruleSends(rule: RuleTarget, event: NotificationEvent): boolean {
  if (!rule.events.has(event.kind)) return false;
  if (event.kind !== "finding.new" && event.kind !== "finding.fixed") return true;
  return compareSeverity(event.severity, rule.minSeverity) <= 0;
}
