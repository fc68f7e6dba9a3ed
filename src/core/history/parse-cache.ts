import type { PackageState } from "./dependency-changes.js";

/** A parse's result: the packages, or why the lockfile could not be read. */
export type ParseOutcome =
  | { ok: true; packages: PackageState[] }
  | { ok: false; message: string; line?: number };

export interface CachedParse {
  /** Every file the parser read (the lockfile included), with the blob id it saw (null: absent). */
  reads: ReadonlyMap<string, string | null>;
  outcome: ParseOutcome;
}

/**
 * Parse results keyed by lockfile path and blob id, each valid only while every file the parser read
 * still has the blob id it had: a requirements layer is re-read when the `main.txt` it is
 * constrained by changes, even if its own blob did not. The path is part of the key because parsers
 * resolve siblings from it and derive scopes from the name. Least recently used keys go first.
 */
export class ParseCache {
  private readonly entries = new Map<string, CachedParse[]>();
  hits = 0;
  misses = 0;

  constructor(
    private readonly capacity = 1000,
    /** Variants kept per key: a layer re-read for every change of its constraint file would otherwise pile them up. */
    private readonly variantsPerKey = 4,
  ) {}

  /** A stored parse whose reads all match `oidOf`, or undefined. */
  lookup(path: string, oid: string, oidOf: (path: string) => string | null): CachedParse | undefined {
    const key = `${path}\u0000${oid}`;
    const variants = this.entries.get(key);
    const found = variants?.find((variant) =>
      [...variant.reads].every(([read, readOid]) => oidOf(read) === readOid),
    );
    if (!found) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.entries.delete(key);
    this.entries.set(key, variants as CachedParse[]);
    return found;
  }

  store(path: string, oid: string, reads: ReadonlyMap<string, string | null>, outcome: ParseOutcome): void {
    const key = `${path}\u0000${oid}`;
    const variants = this.entries.get(key) ?? [];
    variants.push({ reads, outcome });
    if (variants.length > this.variantsPerKey) variants.shift();
    this.entries.delete(key);
    this.entries.set(key, variants);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
