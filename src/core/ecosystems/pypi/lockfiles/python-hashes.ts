import { hashFromPrefixed } from "../../../model/hashes.js";
import type { Hash } from "../../../model/types.js";
import { isTable, stringOf } from "../toml/toml-values.js";

/** The digest of a `{ hash = "sha256:…" }` file table (Poetry `files`, uv `sdist`/`wheels`). */
export function hashOfFile(file: unknown): Hash | undefined {
  const text = isTable(file) ? stringOf(file.hash) : undefined;
  if (text === undefined) return undefined;
  // Wheel hashes are most of a Python lock (one numpy entry lists dozens) and nearly all are
  // lower-case sha256; checking those by character code is several times cheaper than the
  // general path's slicing, lower-casing and regular expression.
  if (text.length === 71 && text.startsWith("sha256:") && isLowerHex(text, 7))
    return { algorithm: "sha256", value: text.slice(7) };
  return hashFromPrefixed(text);
}

function isLowerHex(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // 0-9 or a-f
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}
