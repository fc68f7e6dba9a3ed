import { describe, expect, it } from "vitest";
import { defaultConfig } from "../config/schema.js";
import { isIgnored, policyFor } from "./update-rules.js";

describe("update rules and ignores match package-name patterns", () => {
  const rules = {
    ...defaultConfig().updates,
    rules: [{ match: ["@types/*", "Django*"], scope: "all" as const, group: "g" }],
  };

  it.each([
    ["npm", "@types/node", "g"],
    ["npm", "@evil/types", undefined],
    ["pypi", "django-extensions", "g"],
  ] as const)("rules: %s %s → group %s", (ecosystem, name, group) => {
    expect(policyFor(ecosystem, name, "prod", rules).group).toBe(group);
  });

  it.each([
    ["npm", "typescript", "6.0.0", ["typescript@>=6"], true],
    ["npm", "typescript", "5.9.0", ["typescript@>=6"], false],
    ["npm", "@evil/typescript", "6.0.0", ["typescript"], false],
    ["npm", "@babel/core", "8.0.0", ["@babel/*@>=8"], true],
    ["pypi", "zope-interface", "7.0", ["Zope.Interface@>=7"], true],
  ] as const)("ignore: %s %s@%s with %j → %s", (ecosystem, name, version, ignore, expected) => {
    expect(isIgnored(ecosystem, name, version, ignore)).toBe(expected);
  });
});
