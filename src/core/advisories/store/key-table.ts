/**
 * A sorted string → record-numbers table kept in four flat arrays, so that opening it costs no
 * parsing: `keyBytes` holds the UTF-8 keys back to back (sorted in JavaScript string order),
 * `keyStarts[i]..keyStarts[i+1]` delimits key i, and `postings[postingStarts[i]..postingStarts[i+1]]`
 * are its record numbers, ascending. Lookups binary-search, decoding only the probed keys.
 */
export interface KeyTableArrays {
  keyStarts: Uint32Array;
  keyBytes: Uint8Array;
  postingStarts: Uint32Array;
  postings: Uint32Array;
}

export class KeyTable {
  private readonly bytes: Buffer;

  constructor(readonly arrays: KeyTableArrays) {
    const { keyBytes } = arrays;
    this.bytes = Buffer.from(keyBytes.buffer, keyBytes.byteOffset, keyBytes.byteLength);
  }

  get size(): number {
    return this.arrays.keyStarts.length - 1;
  }

  key(index: number): string {
    const { keyStarts } = this.arrays;
    return this.bytes.toString("utf8", keyStarts[index], keyStarts[index + 1]);
  }

  /** The record numbers of key `index`, ascending (a view, do not modify). */
  postingsAt(index: number): Uint32Array {
    const { postingStarts, postings } = this.arrays;
    return postings.subarray(postingStarts[index], postingStarts[index + 1]);
  }

  /** The position of `key`, or -1. */
  indexOf(key: string): number {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const probe = this.key(mid);
      if (probe === key) return mid;
      if (probe < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The record numbers of `key`; empty when absent. */
  find(key: string): Uint32Array {
    const index = this.indexOf(key);
    return index < 0 ? EMPTY : this.postingsAt(index);
  }
}

const EMPTY = new Uint32Array(0);

/** Builds the arrays from key → record numbers (each list is sorted and de-duplicated here). */
export function buildKeyTable(postingsByKey: Map<string, number[]>): KeyTableArrays {
  const keys = [...postingsByKey.keys()].sort();
  const encoded = keys.map((key) => Buffer.from(key, "utf8"));
  const keyStarts = new Uint32Array(keys.length + 1);
  const postingStarts = new Uint32Array(keys.length + 1);
  let byteTotal = 0;
  let postingTotal = 0;
  const lists: number[][] = [];
  for (let i = 0; i < keys.length; i++) {
    const list = [...new Set(postingsByKey.get(keys[i] as string))].sort((a, b) => a - b);
    lists.push(list);
    byteTotal += (encoded[i] as Buffer).length;
    postingTotal += list.length;
    keyStarts[i + 1] = byteTotal;
    postingStarts[i + 1] = postingTotal;
  }
  const keyBytes = new Uint8Array(byteTotal);
  const postings = new Uint32Array(postingTotal);
  for (let i = 0; i < keys.length; i++) {
    keyBytes.set(encoded[i] as Buffer, keyStarts[i]);
    postings.set(lists[i] as number[], postingStarts[i]);
  }
  return { keyStarts, keyBytes, postingStarts, postings };
}

/**
 * Structural checks for a table read from disk: monotonic starts that end at the array lengths,
 * record numbers in range and, when `deep` (it decodes every key), keys strictly ascending.
 * Returns a problem description or undefined.
 */
export function checkKeyTable(arrays: KeyTableArrays, recordCount: number, deep = false): string | undefined {
  const { keyStarts, keyBytes, postingStarts, postings } = arrays;
  if (keyStarts.length < 1 || keyStarts.length !== postingStarts.length)
    return "key and posting counts differ";
  if (keyStarts[0] !== 0 || postingStarts[0] !== 0) return "tables do not start at 0";
  for (let i = 1; i < keyStarts.length; i++) {
    if ((keyStarts[i] as number) < (keyStarts[i - 1] as number)) return `key ${i - 1} has a negative length`;
    if ((postingStarts[i] as number) <= (postingStarts[i - 1] as number))
      return `key ${i - 1} has no records`;
  }
  if (keyStarts[keyStarts.length - 1] !== keyBytes.length) return "key bytes do not match the key table";
  if (postingStarts[postingStarts.length - 1] !== postings.length)
    return "postings do not match the key table";
  for (let i = 0; i < postings.length; i++) {
    if ((postings[i] as number) >= recordCount) return `posting ${i} points past the last record`;
  }
  if (!deep) return undefined;
  const table = new KeyTable(arrays);
  let previous: string | undefined;
  for (let i = 0; i < table.size; i++) {
    const key = table.key(i);
    if (previous !== undefined && !(previous < key)) return `keys are not sorted at ${i}`;
    previous = key;
  }
  return undefined;
}
