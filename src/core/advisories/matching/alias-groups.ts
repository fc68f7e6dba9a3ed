import type { OsvRecord } from "../schema/osv.js";
import { UnionFind } from "./union-find.js";

export interface AliasGroup {
  /** The id shown for the group (see displayId). */
  id: string;
  /** Every id in the group but the display id, sorted. */
  aliases: string[];
  records: OsvRecord[];
}

/**
 * Groups records that describe one problem: a record joins another when one lists the other's id
 * as an alias, or when both list a shared alias (two databases citing the same CVE). Union-find keeps
 * this correct for chains (A ~ CVE-1 ~ B ~ GHSA-x ~ C).
 */
export function groupByAliases(records: readonly OsvRecord[]): AliasGroup[] {
  const sets = new UnionFind();
  for (const record of records) {
    sets.find(record.id);
    for (const alias of record.aliases ?? []) sets.union(record.id, alias);
  }
  const groups = new Map<string, { ids: Set<string>; records: OsvRecord[] }>();
  for (const record of records) {
    const root = sets.find(record.id);
    let group = groups.get(root);
    if (!group) {
      group = { ids: new Set(), records: [] };
      groups.set(root, group);
    }
    group.records.push(record);
    group.ids.add(record.id);
    for (const alias of record.aliases ?? []) group.ids.add(alias);
  }
  return [...groups.values()]
    .map(({ ids, records: members }) => {
      const id = displayId([...ids]);
      return {
        id,
        aliases: [...ids].filter((x) => x !== id).sort(),
        records: members.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      };
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Display-id preference: the id every database knows (CVE), then GitHub's (GHSA), then the smallest id. */
const PREFERRED_PREFIXES = ["CVE-", "GHSA-"];

export function displayId(ids: readonly string[]): string {
  const sorted = [...ids].sort();
  for (const prefix of PREFERRED_PREFIXES) {
    const match = sorted.find((id) => id.startsWith(prefix));
    if (match) return match;
  }
  return sorted[0] ?? "";
}
