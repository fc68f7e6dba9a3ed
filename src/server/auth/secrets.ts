import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** 32 random bytes, base64url: the secret of a session, an API token or a setup link. */
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * What the store keeps of a secret. A plain sha256 suffices (unlike passwords): the secret has 256
 * random bits, so there is nothing to guess, and a lookup by hash stays one index probe.
 */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Compares two strings without the time depending on where they first differ. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
