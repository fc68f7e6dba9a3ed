import type { Hash, HashAlgorithm } from "./types.js";

const ALGORITHMS = new Set<HashAlgorithm>(["md5", "sha1", "sha256", "sha384", "sha512"]);

/**
 * Subresource-integrity strings (`sha512-<base64>`, several separated by spaces) as hex digests.
 * The hex form is computed when first read: a lockfile carries thousands of integrity strings and
 * most commands never look at them, while decoding them all costs as much as parsing the JSON.
 */
export function hashesFromIntegrity(integrity: string | undefined): Hash[] {
  if (!integrity) return [];
  const hashes: Hash[] = [];
  for (const part of integrity.trim().split(/\s+/)) {
    const dash = part.indexOf("-");
    if (dash <= 0 || dash === part.length - 1) continue;
    const algorithm = part.slice(0, dash).toLowerCase() as HashAlgorithm;
    if (!ALGORITHMS.has(algorithm)) continue;
    hashes.push(lazyHexHash(algorithm, part.slice(dash + 1)));
  }
  return hashes;
}

function lazyHexHash(algorithm: HashAlgorithm, base64: string): Hash {
  let hex: string | undefined;
  // An own enumerable getter: JSON.stringify and deep equality see a plain `value` field.
  return {
    algorithm,
    get value(): string {
      hex ??= Buffer.from(base64, "base64").toString("hex");
      return hex;
    },
  };
}

/** `sha256:abcd…` (pip, Poetry, uv, Pipfile) or a bare hex sha1 (yarn classic `#fragment`). */
export function hashFromPrefixed(text: string): Hash | undefined {
  const colon = text.indexOf(":");
  if (colon < 0) {
    return text.length === 40 && isHex(text) ? { algorithm: "sha1", value: text.toLowerCase() } : undefined;
  }
  const algorithm = text.slice(0, colon).toLowerCase() as HashAlgorithm;
  const value = text.slice(colon + 1).toLowerCase();
  return ALGORITHMS.has(algorithm) && value.length > 0 && isHex(value) ? { algorithm, value } : undefined;
}

/** A character loop: lockfiles carry tens of thousands of hashes and a regex per hash shows in profiles. */
function isHex(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) | 0x20; // folds A-F to a-f
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** Hex digest as SRI, the form npm tooling shows. */
export function integrityFromHash(hash: Hash): string {
  return `${hash.algorithm}-${Buffer.from(hash.value, "hex").toString("base64")}`;
}
