import { describe, expect, it } from "vitest";
import { parsePypiAddRequest } from "../pypi-add-request.js";
import {
  commandLine,
  type PyprojectAddFlags,
  type PyprojectTool,
  pyprojectAddCommand,
} from "./pyproject-add.js";

const flags = (over: Partial<PyprojectAddFlags> = {}) => ({
  dev: false,
  exact: false,
  installed: false,
  ...over,
});

describe("pyprojectAddCommand", () => {
  it.each<[PyprojectTool, string, Partial<PyprojectAddFlags>, string]>([
    ["poetry", "django", {}, "poetry add django@^4.2.1 --lock"],
    ["poetry", "django@>=4.2,<5", { installed: true }, 'poetry add "django@>=4.2,<5"'],
    [
      "poetry",
      "django[argon2]",
      { dev: true, exact: true },
      'poetry add "django[argon2]@==4.2.1" --group dev --lock',
    ],
    ["uv", "django", {}, 'uv add "django>=4.2.1" --no-sync'],
    ["uv", "django~=4.2", { dev: true, installed: true }, 'uv add "django~=4.2" --dev'],
    [
      "uv",
      'django ; python_version >= "3.10"',
      { exact: true },
      'uv add "django==4.2.1 ; python_version >= \\"3.10\\"" --no-sync',
    ],
  ])("%s %s %j", (tool, spec, over, expected) => {
    expect(commandLine(pyprojectAddCommand(tool, parsePypiAddRequest(spec), "4.2.1", flags(over)))).toBe(
      expected,
    );
  });

  it("refuses a marker for poetry, which takes none on its command line", () => {
    const request = parsePypiAddRequest('django ; python_version >= "3.10"');
    expect(() => pyprojectAddCommand("poetry", request, "4.2.1", flags())).toThrow(/no environment marker/);
  });
});
