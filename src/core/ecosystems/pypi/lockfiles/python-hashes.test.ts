import { describe, expect, it } from "vitest";
import { hashOfFile } from "./python-hashes.js";

const HEX = "08b310f9e24a9594186fd75b4f73f4a4152069e3853f1ed8bfbf58369f4ad708";

describe("hashOfFile", () => {
  it.each([
    [
      { file: "anyio-4.13.0-py3-none-any.whl", hash: `sha256:${HEX}` },
      { algorithm: "sha256", value: HEX },
    ],
    [{ hash: `SHA256:${HEX.toUpperCase()}` }, { algorithm: "sha256", value: HEX }],
    [
      { hash: "md5:0123456789abcdef0123456789abcdef" },
      { algorithm: "md5", value: "0123456789abcdef0123456789abcdef" },
    ],
    [{ hash: "sha256:not-hex" }, undefined],
    [{ hash: "blake2b:abcd" }, undefined],
    [{ url: "https://example.com/x.whl" }, undefined],
    ["sha256:abcd", undefined],
  ])("reads %j", (file, expected) => {
    expect(hashOfFile(file)).toEqual(expected);
  });
});
