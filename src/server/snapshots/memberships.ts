import { createHash } from "node:crypto";
import { SCOPES, type Scope } from "../../core/model/types.js";
import type { Analysis } from "./analyse.js";
import type { ComponentState } from "./diff.js";

/** What a push stores per package per lockfile: the snapshot_components rows and their components. */
export interface Membership extends ComponentState {
  key: string;
  purl: string;
}

/**
 * One membership per package per lockfile: a release listed twice in one lockfile (rare, but
 * SBOMs do it) keeps its widest scope and is direct if either entry is.
 */
export function memberships(analysis: Analysis): Membership[] {
  const licences = new Map<string, string>();
  for (const entry of analysis.licenses.packages) {
    if (entry.license.raw === "" && entry.license.expression === undefined) continue;
    const label = entry.license.expression ?? entry.license.raw;
    licences.set(
      `${entry.lockfile}\u0000${entry.ecosystem}\u0000${entry.name}\u0000${entry.version ?? ""}`,
      label,
    );
  }
  const byKey = new Map<string, Membership>();
  for (const snapshot of analysis.inventory.snapshots) {
    const lockfile = snapshot.lockfile.path;
    for (const pkg of snapshot.packages) {
      const key = purlKey(pkg.purl);
      const id = `${lockfile}\u0000${key}`;
      const existing = byKey.get(id);
      if (existing) {
        existing.scope = widerScope(existing.scope, pkg.scope);
        existing.direct ||= pkg.direct;
        continue;
      }
      const license = licences.get(
        `${lockfile}\u0000${pkg.ecosystem}\u0000${pkg.name}\u0000${pkg.version ?? ""}`,
      );
      byKey.set(id, {
        key,
        purl: pkg.purl,
        lockfile,
        ecosystem: pkg.ecosystem,
        name: pkg.name,
        displayName: pkg.displayName,
        ...(pkg.version !== undefined ? { version: pkg.version } : {}),
        scope: pkg.scope,
        direct: pkg.direct,
        ...(license !== undefined ? { license } : {}),
      });
    }
  }
  return [...byKey.values()];
}

function widerScope(a: Scope, b: Scope): Scope {
  return SCOPES.indexOf(a) <= SCOPES.indexOf(b) ? a : b;
}

/** The key components are unique by: a purl can be longer than a btree entry allows. */
export function purlKey(purl: string): string {
  return createHash("sha256").update(purl).digest("hex");
}
