import { adapterFor } from "../ecosystems/index.js";
import { isSpdxExpression } from "../licenses/expression.js";
import { compareText } from "../model/package-order.js";
import type { Inventory, Scope, SourceKind } from "../model/types.js";
import { type BomGraph, type BomPackage, type BomRoot, collectBomGraph } from "./bom-graph.js";
import { exportSerialNumber, exportTimestamp, type SbomExportOptions } from "./export-options.js";
import { CYCLONEDX_HASH_ALGORITHMS } from "./hash-algorithms.js";
import { ANNOTATION, type Annotation, packageAnnotations } from "./package-annotations.js";

/** CycloneDX has three scopes; the exact one travels in the `lockkeeper:scope` property. */
const CYCLONEDX_SCOPES: Record<Scope, string> = {
  prod: "required",
  peer: "required",
  optional: "optional",
  dev: "excluded",
};

/** The property @cyclonedx/cyclonedx-npm sets on development-only packages. */

/** Lockfiles the SBOM was made from, one metadata property each. */
export const LOCKFILE_PROPERTY = "lockkeeper:lockfile";
/** `locked` (every package the lockfiles lock) or `installed` (only those installed in the project). */
export const CONTENTS_PROPERTY = "lockkeeper:contents";

type Json = Record<string, unknown>;

/**
 * The inventory as a CycloneDX 1.6 JSON BOM: one component per purl, the project as the metadata
 * component, the dependency graph in `dependencies`. Deterministic for fixed options.
 */
export function toCycloneDx(inventory: Inventory, options: SbomExportOptions): Json {
  const graph = collectBomGraph(inventory);
  const components: Json[] = [
    ...graph.workspaces.map((root) => rootComponent(root, true)),
    ...graph.packages.map(packageComponent),
  ].sort((a, b) => compareText(String(a["bom-ref"]), String(b["bom-ref"])));
  return {
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    serialNumber: exportSerialNumber(options),
    version: 1,
    metadata: {
      timestamp: exportTimestamp(options),
      tools: {
        components: [{ type: "application", name: "lockkeeper", version: options.toolVersion }],
      },
      // pre-build: read from lockfiles; build: the components an install put in place.
      lifecycles: [{ phase: options.contents === "installed" ? "build" : "pre-build" }],
      component: rootComponent(graph.project, false),
      properties: [
        { name: CONTENTS_PROPERTY, value: options.contents ?? "locked" },
        ...graph.lockfiles.map((l) => ({ name: LOCKFILE_PROPERTY, value: l.path })),
      ],
    },
    components,
    dependencies: dependencies(graph),
  };
}

function rootComponent(root: BomRoot, workspace: boolean): Json {
  const component: Json = { type: "application", "bom-ref": root.ref, ...groupAndName(root.name) };
  if (root.version) component.version = root.version;
  if (workspace) component.properties = [{ name: ANNOTATION.root, value: root.path }];
  return component;
}

/** Source kinds whose URL becomes an external reference. */
function hasExternalReference(kind: SourceKind): boolean {
  return kind === "git" || kind === "url" || kind === "file";
}

function packageComponent(pkg: BomPackage): Json {
  const component: Json = {
    type: "library",
    "bom-ref": pkg.ref,
    ...componentName(pkg),
  };
  if (pkg.version !== undefined) component.version = pkg.version;
  component.scope = CYCLONEDX_SCOPES[pkg.scope];
  if (pkg.hashes.length > 0) {
    component.hashes = pkg.hashes.map((h) => ({
      alg: CYCLONEDX_HASH_ALGORITHMS[h.algorithm],
      content: h.value,
    }));
  }
  if (pkg.license) {
    component.licenses = isSpdxExpression(pkg.license)
      ? [{ expression: pkg.license }]
      : [{ license: { name: pkg.license } }];
  }
  component.purl = pkg.ref;
  if (pkg.source.url && hasExternalReference(pkg.source.kind)) {
    component.externalReferences = [
      { type: pkg.source.kind === "git" ? "vcs" : "distribution", url: pkg.source.url },
    ];
  }
  const properties: Annotation[] = packageAnnotations(pkg, hasExternalReference);
  const { developmentProperty } = adapterFor(pkg.ecosystem).purl;
  if (developmentProperty && pkg.scope === "dev")
    properties.push({ name: developmentProperty, value: "true" });
  component.properties = properties;
  return component;
}

/** A package's component name, its purl namespace as the group (npm: `@scope/name` is group `@scope`). */
function componentName(pkg: BomPackage): { group?: string; name: string } {
  const convention = adapterFor(pkg.ecosystem).purl;
  const { namespace, name } = convention.split(convention.componentName(pkg));
  return namespace === undefined ? { name } : { group: namespace, name };
}

/** A project's name as a component: `@scope/app` is group `@scope`, name `app`, as for packages. */
function groupAndName(name: string): { group?: string; name: string } {
  const slash = name.indexOf("/");
  if (name.startsWith("@") && slash > 1 && slash < name.length - 1) {
    return { group: name.slice(0, slash), name: name.slice(slash + 1) };
  }
  return { name };
}

function dependencies(graph: BomGraph): Json[] {
  const dependsOn = new Map<string, string[]>();
  for (const ref of [
    graph.project.ref,
    ...graph.workspaces.map((w) => w.ref),
    ...graph.packages.map((p) => p.ref),
  ])
    dependsOn.set(ref, []);
  // Edges are sorted by from then to and unique, so each list comes out sorted and duplicate-free.
  for (const edge of graph.edges) dependsOn.get(edge.from)?.push(edge.to);
  return [...dependsOn.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([ref, targets]) => ({ ref, dependsOn: targets }));
}
