/**
 * Alias groups: ids that name one problem. Findings carry the id they were matched by and its
 * aliases; two findings belong together when their id sets overlap, directly or through others
 * (GHSA-x names CVE-1, PYSEC-y names CVE-1 too). A union-find over the ids of a batch.
 */
export class AliasGroups {
  private readonly parent = new Map<string, string>();

  /** Records that all of `ids` name one problem. */
  join(ids: readonly string[]): void {
    const [first, ...rest] = ids;
    if (first === undefined) return;
    const root = this.find(first);
    for (const id of rest) {
      const other = this.find(id);
      if (other !== root) this.parent.set(other, root);
    }
  }

  /** A representative of `id`'s group: equal for two ids exactly when they are in one group. */
  find(id: string): string {
    let root = this.parent.get(id);
    if (root === undefined) {
      this.parent.set(id, id);
      return id;
    }
    if (root === id) return id;
    root = this.find(root);
    this.parent.set(id, root); // path compression: later look-ups are one step
    return root;
  }
}

/**
 * The id a group is shown and keyed by: a CVE id (the name every ecosystem's advisories share),
 * else a GHSA id, else the first in code-point order; the oldest CVE (lowest year, then number) when
 * a group has several. Deterministic, so a group keeps its key from batch to batch.
 */
export function preferredId(ids: Iterable<string>): string {
  const sorted = [...new Set(ids)].sort(compareIds);
  const first = sorted[0];
  if (first === undefined) throw new Error("an alias group has at least one id");
  return first;
}

function rank(id: string): number {
  if (/^CVE-\d+-\d+$/i.test(id)) return 0;
  if (/^GHSA-/i.test(id)) return 1;
  return 2;
}

function compareIds(a: string, b: string): number {
  const byRank = rank(a) - rank(b);
  if (byRank !== 0) return byRank;
  if (rank(a) === 0) {
    const [, yearA = "0", numberA = "0"] = a.split("-");
    const [, yearB = "0", numberB = "0"] = b.split("-");
    const byNumber = Number(yearA) - Number(yearB) || Number(numberA) - Number(numberB);
    if (byNumber !== 0) return byNumber;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
