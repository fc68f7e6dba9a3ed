import type { Finding } from "../findings/types.js";

export interface FindingChanges {
  /** Findings of the head whose problem the base did not have in that package. */
  introduced: Finding[];
  /** Findings of the base the head no longer has. */
  fixed: Finding[];
}

/**
 * Vulnerabilities a change introduces and fixes. A finding is the same problem on both sides when
 * it is about the same package (ecosystem and name, any version or lockfile) and its alias group
 * shares an id with the other side's: groups can be named differently when another version matches
 * a different set of records, but they still share the CVE or GHSA id.
 */
export function diffFindings(base: readonly Finding[], head: readonly Finding[]): FindingChanges {
  const baseIds = idsByPackage(base);
  const headIds = idsByPackage(head);
  return {
    introduced: head.filter((finding) => !shares(baseIds, finding)),
    fixed: base.filter((finding) => !shares(headIds, finding)),
  };
}

function packageKey(finding: Finding): string {
  return `${finding.package.ecosystem}:${finding.package.name}`;
}

function idsByPackage(findings: readonly Finding[]): Map<string, Set<string>> {
  const ids = new Map<string, Set<string>>();
  for (const finding of findings) {
    const key = packageKey(finding);
    const set = ids.get(key) ?? new Set<string>();
    for (const id of [finding.id, ...finding.aliases]) set.add(id);
    ids.set(key, set);
  }
  return ids;
}

function shares(ids: Map<string, Set<string>>, finding: Finding): boolean {
  const known = ids.get(packageKey(finding));
  return known !== undefined && [finding.id, ...finding.aliases].some((id) => known.has(id));
}
