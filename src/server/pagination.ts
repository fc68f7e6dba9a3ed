import { HttpProblem } from "./problem.js";

/** Query-string members of every list route. */
export interface PageQuery {
  limit?: number;
  cursor?: string;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** The JSON schema of `limit` and `cursor`, for a route's querystring schema. */
export const PAGE_QUERY_PROPERTIES = {
  limit: { type: "integer", minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
  cursor: { type: "string", maxLength: 512 },
} as const;

/**
 * Keyset pagination: the cursor is the sort key of the last row a page returned, opaque to clients
 * (base64url JSON). Unlike OFFSET it costs the same on page 1 and page 1,000, and rows inserted
 * meanwhile neither repeat nor vanish.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/** The sort key in a cursor, checked to hold `arity` strings or numbers; else a 400 problem. */
export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    key = undefined;
  }
  if (
    !Array.isArray(key) ||
    key.length !== arity ||
    !key.every((part) => typeof part === "string" || typeof part === "number")
  ) {
    throw new HttpProblem(400, "the cursor is not one this server returned; start again without it");
  }
  return key;
}

/**
 * A page from `limit + 1` fetched rows: the extra row only says there is a next page, whose cursor
 * is the key of the last row kept.
 */
export function page<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => readonly (string | number)[],
): { items: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(keyOf(items[items.length - 1] as T)) };
}
