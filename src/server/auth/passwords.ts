import { randomBytes } from "node:crypto";
import { argon2id, argon2Verify } from "hash-wasm";

/** OWASP's argon2id minimum (Password Storage Cheat Sheet): 19 MiB, 2 passes, 1 lane. */
const PARAMETERS = { memorySize: 19_456, iterations: 2, parallelism: 1, hashLength: 32 } as const;

/** An encoded argon2id hash (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`): it carries its parameters. */
export function hashPassword(password: string): Promise<string> {
  return argon2id({ password, salt: randomBytes(16), ...PARAMETERS, outputType: "encoded" });
}

let dummyHash: Promise<string> | undefined;

/**
 * Whether `password` matches `hash` (argon2Verify compares in constant time). Without a hash (no
 * such user, or one who has not set a password yet) a hash of a random password is verified
 * instead, so the answer takes as long and timing does not tell which emails exist.
 */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  if (hash !== null) return argon2Verify({ password, hash });
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  await argon2Verify({ password, hash: await dummyHash });
  return false;
}
