import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./passwords.js";

describe("passwords", () => {
  it("hash with argon2id at OWASP's parameters and a fresh salt, and verify", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(hash).not.toContain("correct horse");
    expect(await hashPassword("correct horse battery staple")).not.toBe(hash);
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", hash)).toBe(false);
  });

  it("answer false without a hash, after doing the same work", async () => {
    const hash = await hashPassword("some other password");
    const timed = async (run: () => Promise<boolean>) => {
      const start = performance.now();
      expect(await run()).toBe(false);
      return performance.now() - start;
    };
    await verifyPassword("warm up the dummy", null);
    const withUser = await timed(() => verifyPassword("wrong password!", hash));
    const withoutUser = await timed(() => verifyPassword("wrong password!", null));
    // The same argon2 work either way; a generous bound keeps a busy machine from failing this.
    expect(withoutUser).toBeGreaterThan(withUser / 4);
  });
});
