import type { Finding } from "../findings/types.js";

/** What telling two findings apart needs: a Finding fits, and so does a finding the server stored. */
export interface FindingIdentity {
  id: string;
  aliases: readonly string[];
  package: { ecosystem: string; name: string };
}

export interface FindingChanges<F extends FindingIdentity = Finding> {
  /** Findings of the head whose problem the base did not have in that package. */
  introduced: F[];
  /** Findings of the base the head no longer has. */
  fixed: F[];
}

/**
 * Vulnerabilities a change introduces and fixes. A finding is the same problem on both sides when
 * it is about the same package (ecosystem and name, any version or lockfile) and its alias group
 * shares an id with the other side's: groups can be named differently when another version matches
 * a different set of records, but they still share the CVE or GHSA id.
 */
export function diffFindings<F extends FindingIdentity>(
  base: readonly F[],
  head: readonly F[],
): FindingChanges<F> {
  const baseIds = idsByPackage(base);
  const headIds = idsByPackage(head);
  return {
    introduced: head.filter((finding) => !shares(baseIds, finding)),
    fixed: base.filter((finding) => !shares(headIds, finding)),
  };
}

function packageKey(finding: FindingIdentity): string {
  return `${finding.package.ecosystem}:${finding.package.name}`;
}

function idsByPackage(findings: readonly FindingIdentity[]): Map<string, Set<string>> {
  const ids = new Map<string, Set<string>>();
  for (const finding of findings) {
    const key = packageKey(finding);
    const set = ids.get(key) ?? new Set<string>();
    for (const id of [finding.id, ...finding.aliases]) set.add(id);
    ids.set(key, set);
  }
  return ids;
}

function shares(ids: Map<string, Set<string>>, finding: FindingIdentity): boolean {
  const known = ids.get(packageKey(finding));
  return known !== undefined && [finding.id, ...finding.aliases].some((id) => known.has(id));
}
