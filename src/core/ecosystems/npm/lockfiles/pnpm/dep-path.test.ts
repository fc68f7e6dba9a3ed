import { describe, expect, it } from "vitest";
import { type DepPathStyle, parsePackageKey, resolveReference, stripPeerSuffix } from "./dep-path.js";

describe("parsePackageKey", () => {
  it.each<[DepPathStyle, string, { name: string; version: string; registry: boolean } | undefined]>([
    [5, "/yn/3.1.1", { name: "yn", version: "3.1.1", registry: true }],
    [5, "/@babel/core/7.18.9", { name: "@babel/core", version: "7.18.9", registry: true }],
    [
      5,
      "/@babel/helper-compilation-targets/7.18.9_@babel+core@7.18.9",
      { name: "@babel/helper-compilation-targets", version: "7.18.9", registry: true },
    ],
    [5, "/ts-node/10.9.1_xl7wyiapi7jo5c2pfz5vjm55na", { name: "ts-node", version: "10.9.1", registry: true }],
    [5, "/gensync/1.0.0-beta.2", { name: "gensync", version: "1.0.0-beta.2", registry: true }],
    [
      5,
      "github.com/vercel/pkg/7e4fef9f0828b11c7a9655b95425f32094f2daa2_pp6fkuhwkrqq7cjcj7uqpf37e4",
      undefined,
    ],
    [5, "/no-version", undefined],
    [
      6,
      "/@aashutoshrathi/word-wrap@1.2.6",
      { name: "@aashutoshrathi/word-wrap", version: "1.2.6", registry: true },
    ],
    [
      6,
      "/@jest/core@29.7.0(@babel/types@7.23.9)(ts-node@10.9.2(@types/node@18.19.15)(typescript@5.3.3))",
      { name: "@jest/core", version: "29.7.0", registry: true },
    ],
    [
      6,
      "/graceful-fs@4.2.11(patch_hash=ivtm2a2cfr5pomcfbedhmr5v2q)",
      { name: "graceful-fs", version: "4.2.11", registry: true },
    ],
    [6, "file:packages/foo", undefined],
    [6, "yn@3.1.1", undefined],
    [9, "zwitch@2.0.4", { name: "zwitch", version: "2.0.4", registry: true }],
    [
      9,
      "@e18e/eslint-plugin@0.6.0(eslint@10.8.0)",
      { name: "@e18e/eslint-plugin", version: "0.6.0", registry: true },
    ],
    [
      9,
      "is-positive@https://codeload.github.com/kevva/is-positive/tar.gz/97edff6f",
      {
        name: "is-positive",
        version: "https://codeload.github.com/kevva/is-positive/tar.gz/97edff6f",
        registry: false,
      },
    ],
    [9, "foo@file:packages/foo", { name: "foo", version: "file:packages/foo", registry: false }],
    [9, "@scope@1.0.0", undefined],
    [9, "no-version", undefined],
  ])("%i %s", (style, key, expected) => {
    expect(parsePackageKey(key, style)).toStrictEqual(expected);
  });
});

describe("stripPeerSuffix", () => {
  it.each<[DepPathStyle, string, string]>([
    [
      5,
      "/@babel/helper-compilation-targets/7.18.9_@babel+core@7.18.9",
      "/@babel/helper-compilation-targets/7.18.9",
    ],
    [5, "github.com/vercel/pkg/7e4fef9f_pp6fkuhwkrqq7cjcj7uqpf37e4", "github.com/vercel/pkg/7e4fef9f"],
    [5, "/yn/3.1.1", "/yn/3.1.1"],
    [6, "/ts-node@10.9.2(@types/node@18.19.15)(typescript@5.3.3)", "/ts-node@10.9.2"],
    [9, "@e18e/eslint-plugin@0.6.0(eslint@10.8.0)", "@e18e/eslint-plugin@0.6.0"],
    [9, "zwitch@2.0.4", "zwitch@2.0.4"],
  ])("%i %s", (style, key, expected) => {
    expect(stripPeerSuffix(key, style)).toBe(expected);
  });
});

describe("resolveReference", () => {
  it.each<[DepPathStyle, string, string, ReturnType<typeof resolveReference>]>([
    [5, "yn", "3.1.1", { kind: "key", key: "/yn/3.1.1" }],
    [
      5,
      "@babel/helper-compilation-targets",
      "7.18.9_@babel+core@7.18.9",
      { kind: "key", key: "/@babel/helper-compilation-targets/7.18.9_@babel+core@7.18.9" },
    ],
    [5, "execa", "/safe-execa/0.1.2", { kind: "key", key: "/safe-execa/0.1.2" }],
    [
      5,
      "pkg",
      "github.com/vercel/pkg/7e4fef9f_pp6fkuhwkrqq7cjcj7uqpf37e4",
      { kind: "key", key: "github.com/vercel/pkg/7e4fef9f_pp6fkuhwkrqq7cjcj7uqpf37e4" },
    ],
    [5, "@pnpm/types", "link:../types", { kind: "link", path: "../types" }],
    [5, "@pnpm/audit", "link:", { kind: "link", path: "" }],
    [5, "foo", "file:foo", { kind: "key", key: "file:foo" }],
    [
      6,
      "ts-node",
      "10.9.2(@types/node@18.19.15)(typescript@5.3.3)",
      {
        kind: "key",
        key: "/ts-node@10.9.2(@types/node@18.19.15)(typescript@5.3.3)",
      },
    ],
    [6, "execa", "/safe-execa@0.1.2", { kind: "key", key: "/safe-execa@0.1.2" }],
    [6, "foo", "file:packages/foo", { kind: "key", key: "file:packages/foo" }],
    [9, "eslint", "10.8.0", { kind: "key", key: "eslint@10.8.0" }],
    [
      9,
      "@e18e/eslint-plugin",
      "0.6.0(eslint@10.8.0)",
      { kind: "key", key: "@e18e/eslint-plugin@0.6.0(eslint@10.8.0)" },
    ],
    [9, "pnpm-10", "pnpm@10.34.5", { kind: "key", key: "pnpm@10.34.5" }],
    [9, "yarn-4", "@yarnpkg/cli-dist@4.17.0", { kind: "key", key: "@yarnpkg/cli-dist@4.17.0" }],
    [
      9,
      "is-positive",
      "https://codeload.github.com/kevva/is-positive/tar.gz/97edff6f",
      { kind: "key", key: "is-positive@https://codeload.github.com/kevva/is-positive/tar.gz/97edff6f" },
    ],
    [9, "foo", "file:packages/foo", { kind: "key", key: "foo@file:packages/foo" }],
    [9, "@changesets/cli", "link:packages/cli", { kind: "link", path: "packages/cli" }],
  ])("%i %s: %s", (style, name, ref, expected) => {
    expect(resolveReference(name, ref, style)).toStrictEqual(expected);
  });
});
