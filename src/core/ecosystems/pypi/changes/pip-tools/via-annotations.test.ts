import { describe, expect, it } from "vitest";
import type { LayerSources } from "./input-tree.js";
import type { ReportItem } from "./pip-report.js";
import { annotate } from "./via-annotations.js";

const LINUX_311 = {
  python_version: "3.11",
  python_full_version: "3.11.7",
  sys_platform: "linux",
  os_name: "posix",
};

function item(name: string, requiresDist: string[] = [], extra: Partial<ReportItem> = {}): ReportItem {
  return { name, version: "1.0", requiresDist, requested: false, requestedExtras: [], ...extra };
}

function sources(overrides: Partial<LayerSources> = {}): LayerSources {
  return {
    entry: "main.in",
    inputs: new Map(),
    constraints: new Map(),
    extras: new Map(),
    markers: new Map(),
    ...overrides,
  };
}

describe("annotate", () => {
  it("follows extras through the graph: a[x] needs b[y], whose extra needs c", () => {
    const install = [
      item("A", ['B[Y] ; extra == "x"', 'D ; extra == "never"'], { requested: true, requestedExtras: ["x"] }),
      item("b", ['c ; extra == "y"', 'c ; sys_platform == "win32"']),
      item("c"),
      item("d", [], { requested: true }),
    ];
    const result = annotate(
      install,
      LINUX_311,
      sources({ inputs: new Map([["a", ["requirements/main.in"]]]) }),
    );
    expect(Object.fromEntries(result)).toEqual({
      a: { extras: ["x"], via: ["-r requirements/main.in"] },
      b: { extras: ["y"], via: ["a"] },
      c: { extras: [], via: ["b"] },
      // Requested by a line no file names (a URL): the layer's own .in; never via a's false extra.
      d: { extras: [], via: ["-r main.in"] },
    });
  });

  it("names constraint files and input files, sorted as pip-compile sorts", () => {
    const install = [
      item("zeta", ["lib"], { requested: true }),
      item("Lib", [], { requested: true }),
      item("alpha", ["lib"]),
    ];
    const result = annotate(
      install,
      LINUX_311,
      sources({
        inputs: new Map([["lib", ["requirements/dev.in", "requirements/base.in"]]]),
        constraints: new Map([["lib", ["requirements/main.txt"]]]),
      }),
    );
    expect(result.get("lib")?.via).toEqual([
      "-c requirements/main.txt",
      "-r requirements/base.in",
      "-r requirements/dev.in",
      "alpha",
      "zeta",
    ]);
  });

  it("counts an edge whose marker it cannot read: pip installed the package for someone", () => {
    const result = annotate([item("a", ["b ; weird_variable == '1'"]), item("b")], LINUX_311, sources());
    expect(result.get("b")?.via).toEqual(["a"]);
  });
});
