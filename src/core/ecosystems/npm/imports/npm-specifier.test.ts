import { describe, expect, it } from "vitest";
import { isNodeBuiltin, npmPackageOf } from "./npm-specifier.js";

describe("npmPackageOf", () => {
  it.each([
    ["lodash", "lodash"],
    ["lodash/fp", "lodash"],
    ["@scope/pkg", "@scope/pkg"],
    ["@scope/pkg/deep/file.js", "@scope/pkg"],
    ["JSONStream", "JSONStream"],
    ["bootstrap/dist/css/bootstrap.css", "bootstrap"],
    ["svg-icons/x.svg?raw", "svg-icons"],
    ["punycode/", "punycode"],
    ["./local", undefined],
    ["../up", undefined],
    ["/abs/path", undefined],
    ["node:fs", undefined],
    ["fs", undefined],
    ["fs/promises", undefined],
    ["node:test", undefined],
    ["#internal/x", undefined],
    ["@/components/Button", undefined],
    ["~/utils", undefined],
    ["data:text/javascript,1", undefined],
    ["https://esm.sh/x", undefined],
    ["style-loader!./x.css", undefined],
    ["", undefined],
  ])("%s → %s", (specifier, expected) => {
    expect(npmPackageOf(specifier)).toBe(expected);
  });

  it("knows Node's built-ins with and without the node: prefix", () => {
    expect(["http", "node:http", "stream/web", "child_process", "worker_threads"].every(isNodeBuiltin)).toBe(
      true,
    );
    expect(isNodeBuiltin("express")).toBe(false);
  });
});
