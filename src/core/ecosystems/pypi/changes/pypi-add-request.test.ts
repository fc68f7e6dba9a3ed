import { describe, expect, it } from "vitest";
import { parsePypiAddRequest, requirementText } from "./pypi-add-request.js";

describe("parsePypiAddRequest", () => {
  it.each([
    ["django", { name: "django", extras: [], specifier: "" }, "django"],
    ["django@>=4.2,<5", { name: "django", extras: [], specifier: ">=4.2,<5" }, "django>=4.2,<5"],
    ["Django@4.2.1", { name: "Django", extras: [], specifier: "==4.2.1" }, "Django==4.2.1"],
    ["django>=4.2", { name: "django", extras: [], specifier: ">=4.2" }, "django>=4.2"],
    ["django (>= 4.2, < 5)", { name: "django", extras: [], specifier: ">=4.2,<5" }, "django>=4.2,<5"],
    [
      'django[argon2,bcrypt]~=4.2 ; python_version >= "3.10"',
      {
        name: "django",
        extras: ["argon2", "bcrypt"],
        specifier: "~=4.2",
        marker: 'python_version >= "3.10"',
      },
      'django[argon2,bcrypt]~=4.2 ; python_version >= "3.10"',
    ],
    ["tiny.lib[x]@<2", { name: "tiny.lib", extras: ["x"], specifier: "<2" }, "tiny.lib[x]<2"],
  ])("%s", (spec, request, line) => {
    const parsed = parsePypiAddRequest(spec);
    expect(parsed).toEqual(request);
    expect(requirementText(parsed)).toBe(line);
  });

  it("pins with == when asked, keeping extras and marker", () => {
    const parsed = parsePypiAddRequest('django[argon2]>=4 ; os_name == "posix"');
    expect(requirementText(parsed, "4.2.1")).toBe('django[argon2]==4.2.1 ; os_name == "posix"');
  });

  it.each([
    ["django @ https://example.com/django-4.2.tar.gz", /a direct reference cannot be vetted/],
    ["django@git+https://github.com/django/django", /a direct reference cannot be vetted/],
    ["django@./vendor/django", /a direct reference cannot be vetted/],
    ["django@^4.2", /not a Python package name/],
    ["django@>=four", /not a Python package name|not a PEP 440/],
    ["-e .", /not a Python package name/],
    ["", /not a Python package name/],
  ])("refuses %j", (spec, message) => {
    expect(() => parsePypiAddRequest(spec)).toThrow(message);
  });
});
