import { describe, expect, it } from "vitest";
import { installedName, parentKey } from "./package-keys.js";

describe("bun.lock keys", () => {
  it.each([
    ["react", "react", ""],
    ["@babel/core", "@babel/core", ""],
    ["@babel/core/semver", "semver", "@babel/core"],
    ["next/sharp/@img/sharp-linux-x64", "@img/sharp-linux-x64", "next/sharp"],
    ["@t3-oss/env-core/zod", "zod", "@t3-oss/env-core"],
    ["a/@scope/b/c", "c", "a/@scope/b"],
  ])("%s installs %s under %j", (key, name, parent) => {
    expect(installedName(key)).toBe(name);
    expect(parentKey(key)).toBe(parent);
  });
});
