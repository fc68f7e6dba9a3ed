import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { evaluateMarker, type MarkerEnvironment } from "./pep508-markers.js";

const LINUX_311: MarkerEnvironment = {
  implementation_name: "cpython",
  implementation_version: "3.11.7",
  os_name: "posix",
  platform_machine: "x86_64",
  platform_release: "6.1.0",
  platform_system: "Linux",
  platform_version: "#1 SMP PREEMPT_DYNAMIC",
  python_full_version: "3.11.7",
  platform_python_implementation: "CPython",
  python_version: "3.11",
  sys_platform: "linux",
};

/** marker, extras, expected (checked below against Python's own `packaging`). */
const CASES: [string, string[], boolean][] = [
  ['python_version >= "3.8"', [], true],
  ["python_version < '3'", [], false],
  ['python_version > "3.9"', [], true], // a version comparison: as strings "3.11" < "3.9"
  ['python_full_version >= "3.11.7"', [], true],
  ['python_version == "3.*"', [], true],
  ['python_version ~= "3.10"', [], true],
  ['python_version != "3.11"', [], false],
  ['sys_platform == "win32"', [], false],
  ['sys_platform != "win32" and python_version >= "3.7"', [], true],
  ['os_name == "nt" or platform_system == "Linux"', [], true],
  ['(os_name == "nt" or sys_platform == "darwin") and python_version >= "3"', [], false],
  ['os_name == "nt" or sys_platform == "darwin" and python_version >= "3"', [], false],
  ['python_version >= "3" and (sys_platform == "linux" or sys_platform == "darwin")', [], true],
  ['"linux" in sys_platform', [], true],
  ['"win" not in sys_platform', [], true],
  ['platform_machine in "x86_64 aarch64"', [], true],
  ['platform_python_implementation == "PyPy"', [], false],
  ['implementation_name == "cpython"', [], true],
  ['extra == "fast"', [], false],
  ['extra == "fast"', ["fast"], true],
  ['extra == "fast"', ["docs"], false],
  ['extra == "docs" or extra == "fast"', ["fast"], true],
  ['python_version < "3" and extra == "fast"', ["fast"], false],
  ['"3.8" <= python_version', [], true],
];

describe("evaluateMarker", () => {
  it.each(CASES)("%s with extras %j is %s", (marker, extras, expected) => {
    expect(evaluateMarker(marker, LINUX_311, extras)).toBe(expected);
  });

  it("agrees with Python's packaging on every case", () => {
    // Proves the table: the same markers evaluated by packaging (installed, or pip's vendored copy).
    const script = [
      "import json, sys",
      "try:\n    from packaging.markers import Marker\nexcept ImportError:\n    from pip._vendor.packaging.markers import Marker",
      "env, cases = json.load(sys.stdin)",
      "out = []",
      "for marker, extras in cases:",
      "    m = Marker(marker)",
      "    out.append(any(m.evaluate(dict(env, extra=e)) for e in [''] + extras))",
      "print(json.dumps(out))",
    ].join("\n");
    const input = JSON.stringify([LINUX_311, CASES.map(([marker, extras]) => [marker, extras])]);
    const output = execFileSync("python3", ["-c", script], { input, encoding: "utf8" });
    expect(JSON.parse(output)).toEqual(CASES.map(([, , expected]) => expected));
  });

  it.each([
    ['python_version >= "3.8', "unclosed string"],
    ['python_version >= "3.8" and', "dangling and"],
    ['(python_version >= "3.8"', "unclosed parenthesis"],
    ['unknown_var == "x"', "unknown variable"],
    ['python_version "3.8"', "missing operator"],
  ])("%s is not understood (%s)", (marker) => {
    expect(evaluateMarker(marker, LINUX_311)).toBeUndefined();
  });

  it("leaves a variable missing from the environment undecided", () => {
    const { sys_platform: _dropped, ...partial } = LINUX_311;
    expect(evaluateMarker('sys_platform == "linux"', partial)).toBeUndefined();
  });
});
