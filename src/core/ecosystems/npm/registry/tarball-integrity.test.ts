import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { NpmDist } from "./packument.js";
import { checkIntegrity } from "./tarball-integrity.js";

const bytes = Buffer.from("the published tarball");
const other = Buffer.from("something else");
const sri = (algorithm: string, data: Uint8Array) =>
  `${algorithm}-${createHash(algorithm).update(data).digest("base64")}`;
const hex = (data: Uint8Array) => createHash("sha1").update(data).digest("hex");

describe("checkIntegrity", () => {
  it.each<[string, NpmDist, "ok" | "mismatch" | "nothing", string?]>([
    ["sha512 matches", { integrity: sri("sha512", bytes) }, "ok", sri("sha512", bytes)],
    ["sha512 differs", { integrity: sri("sha512", other) }, "mismatch", sri("sha512", bytes)],
    [
      "the strongest algorithm decides: a wrong sha1 beside a right sha512",
      { integrity: `${sri("sha1", other)} ${sri("sha512", bytes)}` },
      "ok",
      sri("sha512", bytes),
    ],
    [
      "the strongest algorithm decides: a right sha1 beside a wrong sha512",
      { integrity: `${sri("sha1", bytes)} ${sri("sha512", other)}` },
      "mismatch",
      sri("sha512", bytes),
    ],
    [
      "any digest of the strongest algorithm may match",
      { integrity: `${sri("sha384", other)} ${sri("sha384", bytes)}` },
      "ok",
      sri("sha384", bytes),
    ],
    ["sha256", { integrity: sri("sha256", bytes) }, "ok", sri("sha256", bytes)],
    ["options after the digest", { integrity: `${sri("sha512", bytes)}?opt` }, "ok", sri("sha512", bytes)],
    [
      "integrity wins over shasum",
      { integrity: sri("sha512", bytes), shasum: hex(other) },
      "ok",
      sri("sha512", bytes),
    ],
    ["shasum when no integrity", { shasum: hex(bytes) }, "ok", hex(bytes)],
    ["shasum in capitals", { shasum: hex(bytes).toUpperCase() }, "ok", hex(bytes)],
    ["shasum differs", { shasum: hex(other) }, "mismatch", hex(bytes)],
    [
      "an unknown algorithm falls back to shasum",
      { integrity: "md5-AAAA", shasum: hex(bytes) },
      "ok",
      hex(bytes),
    ],
    ["no digest at all", {}, "nothing"],
    ["only an unknown algorithm", { integrity: "md5-AAAA" }, "nothing"],
  ])("%s", (_case, dist, outcome, digest) => {
    const check = checkIntegrity(bytes, dist);
    if (outcome === "ok") expect(check).toEqual({ ok: true, digest });
    else if (outcome === "nothing") expect(check).toEqual({ ok: false, expected: undefined });
    else {
      expect(check).toMatchObject({ ok: false, actual: digest });
      expect(check.ok === false && check.expected).not.toContain(digest);
    }
  });

  it("reports every expected digest of the deciding algorithm", () => {
    const integrity = `${sri("sha512", other)} ${sri("sha512", Buffer.from("third"))}`;
    expect(checkIntegrity(bytes, { integrity })).toEqual({
      ok: false,
      expected: integrity,
      actual: sri("sha512", bytes),
    });
  });
});
