import { describe, expect, it } from "vitest";
import { SnapshotBuilder } from "../../../model/snapshot-builder.js";
import type { Edge } from "../../../model/types.js";
import { pypiNaming } from "../naming.js";
import { PythonLockGraph } from "./python-lock-graph.js";

// A deliberately tiny range check for these tests: `<N` and `>=N` on the major version only.
function majorSatisfies(version: string, range: string): boolean {
  const major = Number.parseInt(version, 10);
  const bound = Number.parseInt(range.replace(/^[<>=]+/, ""), 10);
  if (range.startsWith(">=")) return major >= bound;
  if (range.startsWith("<")) return major < bound;
  throw new Error(`unsupported range ${range}`);
}

function setup() {
  const builder = new SnapshotBuilder(
    { path: "x.lock", format: "uv-lock", ecosystem: "pypi", formatVersion: "1", manifests: [] },
    pypiNaming,
  );
  const graph = new PythonLockGraph(majorSatisfies);
  const root = builder.addRoot(".", "app");
  const add = (name: string, version: string, source?: string): string => {
    const id = builder.addPackage({ name, version });
    graph.addCandidate(name, id, version, source);
    return id;
  };
  const edges = (): Pick<Edge, "from" | "to" | "kind">[] =>
    builder.build().edges.map(({ from, to, kind }) => ({ from, to, kind }));
  return { builder, graph, root, add, edges };
}

describe("PythonLockGraph", () => {
  it("matches names after PEP 503 normalisation", () => {
    const { builder, graph, root, add, edges } = setup();
    add("jaraco.classes", "3.4.0");
    graph.addDependency({ from: root, name: "Jaraco_Classes", kind: "prod" });
    expect(graph.flush(builder)).toEqual([]);
    expect(edges()).toEqual([{ from: root, to: "pypi:jaraco-classes@3.4.0", kind: "prod" }]);
  });

  it("tells several locked versions apart by pinned version, then source, then range", () => {
    const { builder, graph, root, add, edges } = setup();
    const old = add("numpy", "1.26.4", "registry=https://pypi.org/simple");
    const current = add("numpy", "2.1.0", "registry=https://pypi.org/simple");
    const fork = add("numpy", "2.1.0+fork", "git=https://example.com/numpy#abc");
    graph.addDependency({ from: root, name: "numpy", kind: "prod", version: "1.26.4" });
    graph.addDependency({
      from: old,
      name: "numpy",
      kind: "prod",
      source: "git=https://example.com/numpy#abc",
    });
    graph.addDependency({ from: fork, name: "numpy", kind: "prod", range: "<2" });
    graph.addDependency({ from: current, name: "numpy", kind: "prod", range: "~=9" });
    expect(graph.flush(builder)).toEqual([]);
    expect(edges()).toEqual([
      // The unsupported range throws in the checker, so all three stay linked (minus the self-loop).
      { from: old, to: fork, kind: "prod" },
      { from: current, to: old, kind: "prod" },
      { from: current, to: fork, kind: "prod" },
      { from: fork, to: old, kind: "prod" },
      { from: root, to: old, kind: "prod" },
    ]);
  });

  it("keeps the edge by name when a pinned version matches nothing", () => {
    const { builder, graph, root, add, edges } = setup();
    add("idna", "3.7");
    graph.addDependency({ from: root, name: "idna", kind: "prod", version: "3.6" });
    graph.flush(builder);
    expect(edges()).toEqual([{ from: root, to: "pypi:idna@3.7", kind: "prod" }]);
  });

  it("makes an extra's dependencies ordinary only when some edge asks for that extra", () => {
    const { builder, graph, root, add, edges } = setup();
    const requests = add("requests", "2.32.0");
    const pysocks = add("pysocks", "1.7.1");
    const httpx = add("httpx", "0.28.0");
    const brotli = add("brotli", "1.1.0");
    graph.addDependency({ from: root, name: "requests", kind: "prod", extras: ["SOCKS"] });
    graph.addDependency({ from: root, name: "httpx", kind: "dev" });
    graph.addDependency({ from: requests, name: "pysocks", kind: "prod", forExtras: ["socks"] });
    graph.addDependency({ from: httpx, name: "brotli", kind: "prod", forExtras: ["brotli"] });
    graph.flush(builder);
    expect(edges()).toContainEqual({ from: requests, to: pysocks, kind: "prod" });
    expect(edges()).toContainEqual({ from: httpx, to: brotli, kind: "optional" });
    const scopes = Object.fromEntries(builder.build().packages.map((p) => [p.name, p.scope]));
    expect(scopes).toEqual({ brotli: "dev", httpx: "dev", pysocks: "prod", requests: "prod" });
  });

  it("gives an extra's dependency the kind of the edges asking for the extra", () => {
    const { builder, graph, root, add, edges } = setup();
    const xdist = add("pytest-xdist", "3.8.0");
    const psutil = add("psutil", "7.2.2");
    const requests = add("requests", "2.32.0");
    const pysocks = add("pysocks", "1.7.1");
    const chardet = add("chardet", "5.2.0");
    // xdist is production here, but only the dev group asks for its psutil extra.
    graph.addDependency({ from: root, name: "pytest-xdist", kind: "prod" });
    graph.addDependency({ from: root, name: "pytest-xdist", kind: "dev", extras: ["psutil"] });
    graph.addDependency({ from: xdist, name: "psutil", kind: "prod", forExtras: ["psutil"] });
    // requests[socks] is asked for only by the project's own optional extra; pysocks then asks
    // for chardet through an extra of its own, which inherits the optional kind.
    graph.addDependency({ from: root, name: "requests", kind: "prod" });
    graph.addDependency({ from: root, name: "requests", kind: "optional", extras: ["socks"] });
    graph.addDependency({
      from: requests,
      name: "pysocks",
      kind: "prod",
      forExtras: ["socks"],
      extras: ["x"],
    });
    graph.addDependency({ from: pysocks, name: "chardet", kind: "prod", forExtras: ["x"] });
    graph.flush(builder);
    expect(edges()).toContainEqual({ from: xdist, to: psutil, kind: "dev" });
    expect(edges()).toContainEqual({ from: requests, to: pysocks, kind: "optional" });
    expect(edges()).toContainEqual({ from: pysocks, to: chardet, kind: "optional" });
    const scopes = Object.fromEntries(builder.build().packages.map((p) => [p.name, p.scope]));
    expect(scopes).toEqual({
      chardet: "optional",
      psutil: "dev",
      pysocks: "optional",
      "pytest-xdist": "prod",
      requests: "prod",
    });
  });

  it("resolves references to workspace projects without making them edges", () => {
    const { builder, graph, root, add, edges } = setup();
    const lib = builder.addRoot("packages/lib", "lib");
    graph.addProject("lib", lib);
    const click = add("click", "8.1.0");
    graph.addDependency({ from: root, name: "lib", kind: "prod", extras: ["cli"] });
    graph.addDependency({ from: lib, name: "click", kind: "prod", forExtras: ["cli"] });
    expect(graph.flush(builder)).toEqual([]);
    expect(edges()).toEqual([{ from: lib, to: click, kind: "prod" }]);
  });

  it("returns what it could not resolve", () => {
    const { builder, graph, root } = setup();
    graph.addDependency({ from: root, name: "missing", kind: "prod", markers: "python_version < '3.8'" });
    expect(graph.flush(builder).map((d) => d.name)).toEqual(["missing"]);
  });
});
