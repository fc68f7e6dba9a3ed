/** Disjoint sets over strings, with path halving and union by size. */
export class UnionFind {
  private readonly parent = new Map<string, string>();
  private readonly size = new Map<string, number>();

  find(item: string): string {
    if (!this.parent.has(item)) {
      this.parent.set(item, item);
      this.size.set(item, 1);
      return item;
    }
    // A node without a parent entry is a root, like one that is its own parent.
    let node = item;
    let parent = this.parent.get(node);
    while (parent !== undefined && parent !== node) {
      const grandparent = this.parent.get(parent) ?? parent;
      this.parent.set(node, grandparent);
      node = grandparent;
      parent = this.parent.get(node);
    }
    return node;
  }

  union(a: string, b: string): void {
    let rootA = this.find(a);
    let rootB = this.find(b);
    if (rootA === rootB) return;
    if ((this.size.get(rootA) ?? 1) < (this.size.get(rootB) ?? 1)) [rootA, rootB] = [rootB, rootA];
    this.parent.set(rootB, rootA);
    this.size.set(rootA, (this.size.get(rootA) ?? 1) + (this.size.get(rootB) ?? 1));
  }
}
