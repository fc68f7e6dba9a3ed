import { describe, expect, it } from "vitest";
import type { Scope } from "../../../../model/types.js";
import { parseSelectionMarker, selectionScope } from "./selection-marker.js";

describe("selectionScope", () => {
  it.each<[string, string[], Scope]>([
    ["'dev' in dependency_groups", ["default"], "dev"],
    ["'default' in dependency_groups", ["default"], "prod"],
    ['"Default" in dependency_groups', ["default"], "prod"],
    ["'dev' not in dependency_groups", ["default"], "prod"],
    ["'socks' in extras", ["default"], "optional"],
    ["'socks' not in extras", [], "prod"],
    ["'default' in dependency_groups or 'socks' in extras", ["default"], "prod"],
    ["'dev' in dependency_groups or 'socks' in extras", ["default"], "optional"],
    ["'dev' in dependency_groups and 'socks' in extras", ["default"], "dev"],
    // Environment comparisons are unknown: some environment installs the package.
    ["sys_platform == \"win32\" and 'default' in dependency_groups", ["default"], "prod"],
    ["sys_platform == \"win32\" and 'test' in dependency_groups", ["default"], "dev"],
    ['python_version >= "3.8"', [], "prod"],
    [
      "('lint' in dependency_groups or 'types' in dependency_groups) and python_version < '3.14'",
      ["default"],
      "dev",
    ],
    ["'lint' in dependency_groups", ["lint"], "prod"],
  ])("%s with default groups %j: %s", (marker, defaults, scope) => {
    const parsed = parseSelectionMarker(marker);
    expect(parsed).toBeDefined();
    if (parsed) expect(selectionScope(parsed, defaults)).toBe(scope);
  });

  it.each(["'dev' in", "python_version >= '3.8' and", "('a' in extras", "'a' in extras)", "x ?? y"])(
    "does not read %j",
    (marker) => {
      expect(parseSelectionMarker(marker)).toBeUndefined();
    },
  );
});
