import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { uuidv7 } from "../ids.js";
import { HttpProblem } from "../problem.js";
import { type AuthDependencies, audited } from "./dependencies.js";
import { includesRole, lowerRole, type Principal, type Role } from "./principal.js";
import { newSecret, sha256Hex } from "./secrets.js";

export const TOKEN_PREFIX = "lkt_";
/** How much of a secret a list shows: `lkt_` and 8 characters, enough to tell tokens apart. */
const SHOWN_LENGTH = TOKEN_PREFIX.length + 8;
/** last_used_at moves at most once a minute per token, not with a write per request. */
const LAST_USED_INTERVAL_MS = 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface TokenRequest {
  name: string;
  role?: Role;
  projectIds?: string[];
  expiresInDays?: number;
}

/** A token as lists show it: never the secret nor its hash. */
export interface TokenView {
  id: string;
  name: string;
  userId: string;
  role: Role;
  projectIds: string[] | null;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/**
 * Mints a token for `creator`'s user: the role defaults to the creator's and may not grant more
 * than it does (a maintainer may mint ci and viewer tokens, not admin ones); the projects must
 * exist. Returns the secret, which is shown this once: the store keeps its sha256.
 */
export async function mintToken(
  deps: AuthDependencies,
  creator: Principal,
  request: TokenRequest,
): Promise<{ token: TokenView; secret: string }> {
  const role = request.role ?? creator.role;
  if (!includesRole(creator.role, role)) {
    throw new HttpProblem(403, `your role (${creator.role}) cannot mint a token with role ${role}`);
  }
  const projectIds = request.projectIds === undefined ? null : [...new Set(request.projectIds)];
  const secret = `${TOKEN_PREFIX}${newSecret()}`;
  const now = deps.now();
  const row = await audited(deps, async (trx, audit) => {
    if (projectIds !== null && projectIds.length > 0) {
      const found = await trx.selectFrom("projects").select("id").where("id", "in", projectIds).execute();
      const missing = projectIds.filter((id) => !found.some((project) => project.id === id));
      if (missing.length > 0) throw new HttpProblem(422, `no such project: ${missing.join(", ")}`);
    }
    const inserted = await trx
      .insertInto("api_tokens")
      .values({
        id: uuidv7(now.getTime()),
        name: request.name,
        user_id: creator.userId,
        role,
        project_ids: projectIds,
        token_hash: sha256Hex(secret),
        prefix: secret.slice(0, SHOWN_LENGTH),
        created_at: now,
        expires_at:
          request.expiresInDays === undefined
            ? null
            : new Date(now.getTime() + request.expiresInDays * DAY_MS),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const token = viewOf(inserted);
    await audit({
      actor: creator.actor,
      action: "token.create",
      subjectType: "token",
      subjectId: token.id,
      after: token,
    });
    return token;
  });
  return { token: row, secret };
}

/** The tokens of `principal`'s user, or every token for one who manages users; newest first. */
export async function listTokens(
  db: Kysely<Database>,
  principal: Principal,
  all: boolean,
): Promise<TokenView[]> {
  let query = db.selectFrom("api_tokens").selectAll().orderBy("id", "desc");
  if (!all) query = query.where("user_id", "=", principal.userId);
  return (await query.execute()).map(viewOf);
}

/**
 * Revokes a token of `principal`'s user (or any token, with `all`); a token outside that reach is
 * "not found", so ids of other users' tokens cannot be probed. Revoking twice changes nothing.
 */
export async function revokeToken(
  deps: AuthDependencies,
  principal: Principal,
  id: string,
  all: boolean,
): Promise<void> {
  await audited(deps, async (trx, audit) => {
    const row = await trx
      .selectFrom("api_tokens")
      .selectAll()
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirst();
    if (!row || (!all && row.user_id !== principal.userId)) throw new HttpProblem(404, "no such token");
    if (row.revoked_at !== null) return;
    const revoked = await trx
      .updateTable("api_tokens")
      .set({ revoked_at: deps.now() })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit({
      actor: principal.actor,
      action: "token.revoke",
      subjectType: "token",
      subjectId: id,
      before: viewOf(row),
      after: viewOf(revoked),
    });
  });
}

/**
 * The principal of a bearer secret, or undefined when the token is unknown, expired or revoked,
 * its owner is disabled, or the owner's role no longer overlaps the token's.
 */
export async function principalOfToken(
  deps: AuthDependencies,
  secret: string,
): Promise<Principal | undefined> {
  if (!secret.startsWith(TOKEN_PREFIX)) return undefined;
  const now = deps.now();
  const row = await deps.db
    .selectFrom("api_tokens")
    .innerJoin("users", "users.id", "api_tokens.user_id")
    .select([
      "api_tokens.id",
      "api_tokens.name",
      "api_tokens.role",
      "api_tokens.project_ids",
      "api_tokens.last_used_at",
      "users.id as user_id",
      "users.role as owner_role",
    ])
    .where("api_tokens.token_hash", "=", sha256Hex(secret))
    .where("api_tokens.revoked_at", "is", null)
    .where((eb) => eb.or([eb("api_tokens.expires_at", "is", null), eb("api_tokens.expires_at", ">", now)]))
    .where("users.disabled_at", "is", null)
    .executeTakeFirst();
  if (!row) return undefined;
  const role = lowerRole(row.role, row.owner_role);
  if (role === null) return undefined;
  if (row.last_used_at === null || now.getTime() - row.last_used_at.getTime() >= LAST_USED_INTERVAL_MS) {
    await deps.db.updateTable("api_tokens").set({ last_used_at: now }).where("id", "=", row.id).execute();
  }
  return {
    kind: "token",
    id: row.id,
    actor: `token:${row.name}`,
    role,
    projectIds: row.project_ids,
    userId: row.user_id,
  };
}

function viewOf(row: {
  id: string;
  name: string;
  user_id: string;
  role: Role;
  project_ids: string[] | null;
  prefix: string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}): TokenView {
  return {
    id: row.id,
    name: row.name,
    userId: row.user_id,
    role: row.role,
    projectIds: row.project_ids,
    prefix: row.prefix,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}
