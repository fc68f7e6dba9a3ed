import type * as z from "zod";

/**
 * The key a misspelt one was probably meant to be ("licences" → "licenses"): the known key of
 * the object at `path` nearest in edit distance (ignoring case), when near enough to be a typo (at most two edits,
 * and fewer than a third of the key), else undefined.
 */
export function suggestKey(schema: z.ZodType, path: readonly string[], key: string): string | undefined {
  const known = objectKeys(schema, path);
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  const limit = Math.min(2, Math.ceil(key.length / 3));
  return best && best.key !== key && best.distance <= limit ? best.key : undefined;
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** The keys of the object schema at `path` (through optional, default, pipe, array and record). */
function objectKeys(schema: z.ZodType, path: readonly string[]): string[] {
  const node = unwrap(schema);
  if (!node) return [];
  const def = defOf(node);
  if (path.length === 0) {
    if (def.shape) return Object.keys(def.shape);
    // A union of objects: every member's keys.
    return (def.options ?? []).flatMap((option) => objectKeys(option, []));
  }
  const [head, ...rest] = path as [string, ...string[]];
  if (def.shape) return def.shape[head] ? objectKeys(def.shape[head], rest) : [];
  if (def.element) return objectKeys(def.element, rest);
  if (def.valueType) return objectKeys(def.valueType, rest);
  return (def.options ?? []).flatMap((option) => objectKeys(option, path));
}

function unwrap(schema: z.ZodType): z.ZodType | undefined {
  let node: z.ZodType | undefined = schema;
  for (let depth = 0; node && depth < 20; depth++) {
    const def = defOf(node);
    const inner = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
    if (!inner) return node;
    node = inner;
  }
  return node;
}

/** Levenshtein distance, with a swap of two neighbours counted as one edit. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => rows[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = value;
    }
  }
  return at(a.length, b.length);
}
