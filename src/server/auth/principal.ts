/**
 * Who is asking, as every route sees it: a signed-in user (cookie session) or an API token. Routes
 * never look at cookies or headers themselves; they ask `authorize` (authorize.ts).
 */
export type Role = "admin" | "maintainer" | "viewer" | "ci";

export const ROLES: readonly Role[] = ["admin", "maintainer", "viewer", "ci"];

/** What a request may do. Project-bound permissions are checked against the principal's projects. */
export type Permission =
  | "project:read"
  | "project:create"
  | "project:write"
  | "snapshot:push"
  | "triage:write"
  | "policy:write"
  | "audit:read"
  | "users:manage"
  /** Creating, renaming and deleting teams and choosing their members. */
  | "teams:manage"
  /** Watching background jobs, starting one, changing schedules. */
  | "jobs:manage"
  /** The server-wide defaults of every project's policy. */
  | "settings:manage";

export interface Principal {
  kind: "user" | "token";
  /** The user's id, or the token's id. */
  id: string;
  /** For the audit log: the user's email, or `token:<name>`. */
  actor: string;
  role: Role;
  /**
   * The projects this principal may reach; `null` means every project (users, and tokens not
   * scoped to projects).
   */
  projectIds: readonly string[] | null;
  /** The user a token belongs to (tokens act for a user, with at most that user's rights). */
  userId: string;
}

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set<Permission>([
    "project:read",
    "project:create",
    "project:write",
    "snapshot:push",
    "triage:write",
    "policy:write",
    "audit:read",
    "users:manage",
    "teams:manage",
    "jobs:manage",
    "settings:manage",
  ]),
  maintainer: new Set<Permission>([
    "project:read",
    "project:create",
    "project:write",
    "snapshot:push",
    "triage:write",
    "policy:write",
  ]),
  viewer: new Set<Permission>(["project:read"]),
  // A CI token pushes snapshots and reads the verdict it gets back; nothing else.
  ci: new Set<Permission>(["snapshot:push"]),
};

/**
 * Permissions over the whole server, not over one project: a principal scoped to projects (a token
 * minted for some projects) has none of them, whatever its role. Otherwise an admin token scoped
 * to one project would read every project's audit trail and manage users, and a maintainer token
 * scoped to one project would create others.
 */
const SERVER_WIDE = new Set<Permission>([
  "project:create",
  "audit:read",
  "users:manage",
  "teams:manage",
  "jobs:manage",
  "settings:manage",
]);

/** Whether `principal` may do `permission`, on `projectId` when the permission concerns a project. */
export function can(principal: Principal, permission: Permission, projectId?: string): boolean {
  if (!GRANTS[principal.role].has(permission)) return false;
  if (principal.projectIds === null) return true;
  if (SERVER_WIDE.has(permission)) return false;
  return projectId === undefined || principal.projectIds.includes(projectId);
}

/**
 * Whether `outer` may do everything `inner` may: what a user may hand to a token they mint. Roles
 * are not a line: a maintainer includes ci (it may push), a viewer does not.
 */
export function includesRole(outer: Role, inner: Role): boolean {
  return [...GRANTS[inner]].every((permission) => GRANTS[outer].has(permission));
}

/**
 * The role a token acts with: the lower of its own and its owner's current one, so demoting a user
 * demotes their tokens. Null when neither includes the other (a ci token of a user now a viewer):
 * no role grants only what both allow, and the token grants nothing.
 */
export function lowerRole(a: Role, b: Role): Role | null {
  if (includesRole(b, a)) return a;
  if (includesRole(a, b)) return b;
  return null;
}
