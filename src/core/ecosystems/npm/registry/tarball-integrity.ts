import { createHash } from "node:crypto";
import type { NpmDist } from "./packument.js";

/** Strongest first, as npm (ssri) picks among the digests of an integrity string. */
const ALGORITHMS = ["sha512", "sha384", "sha256", "sha1"] as const;

/** The outcome of checking downloaded bytes against a version's published digests. */
export type IntegrityCheck =
  | { ok: true; digest: string }
  | { ok: false; expected: string; actual: string }
  | { ok: false; expected: undefined };

/**
 * Checks bytes against `dist.integrity` (Subresource Integrity: the strongest algorithm listed
 * decides, and any of its digests may match), else against `dist.shasum` (SHA-1 hex). Digests are
 * reported in the form they were published in (`sha512-…` or hex).
 */
export function checkIntegrity(bytes: Uint8Array, dist: NpmDist): IntegrityCheck {
  const published = parseIntegrity(dist.integrity ?? "");
  for (const algorithm of ALGORITHMS) {
    const expected = published.get(algorithm);
    if (!expected) continue;
    const actual = createHash(algorithm).update(bytes).digest("base64");
    const digest = `${algorithm}-${actual}`;
    return expected.includes(actual)
      ? { ok: true, digest }
      : { ok: false, expected: expected.map((value) => `${algorithm}-${value}`).join(" "), actual: digest };
  }
  const shasum = dist.shasum?.toLowerCase();
  if (!shasum) return { ok: false, expected: undefined };
  const actual = createHash("sha1").update(bytes).digest("hex");
  return actual === shasum ? { ok: true, digest: actual } : { ok: false, expected: shasum, actual };
}

/** Base64 digests by algorithm; unknown algorithms and `?options` suffixes are ignored, as ssri does. */
function parseIntegrity(integrity: string): Map<string, string[]> {
  const digests = new Map<string, string[]>();
  for (const token of integrity.trim().split(/\s+/)) {
    const match = /^([a-z0-9]+)-([A-Za-z0-9+/]+={0,2})(\?.*)?$/.exec(token);
    if (!match) continue;
    const [, algorithm, digest] = match as unknown as [string, string, string];
    digests.set(algorithm, [...(digests.get(algorithm) ?? []), digest]);
  }
  return digests;
}
