import { ECOSYSTEMS } from "../ecosystems/index.js";
import type { LockfileParser } from "../ecosystems/types.js";
import { parseError } from "../errors.js";
import { parseJsonText } from "../files/json-text.js";
import { strongerScope } from "../model/scopes.js";
import type { SnapshotBuilder } from "../model/snapshot-builder.js";
import type { Hash, HashAlgorithm, PackageSource, Scope, Snapshot } from "../model/types.js";
import { CYCLONEDX_HASH_ALGORITHMS } from "./hash-algorithms.js";
import { arrayField, isRecord, stringField } from "./json-fields.js";
import { type Annotation, type ReadAnnotations, readAnnotations } from "./package-annotations.js";
import {
  AnnotatedFacts,
  addSbomPackage,
  packageFromPurl,
  sbomBuilder,
  sbomPackageInput,
} from "./sbom-snapshot.js";

/** Whether a property of an ecosystem's CycloneDX taxonomy marks the package development-only. */
function isDevelopmentProperty(name: string): boolean {
  return ECOSYSTEMS.some((adapter) => adapter.purl.developmentProperty === name);
}

type Json = Record<string, unknown>;

const HASH_ALGORITHMS = new Map<string, HashAlgorithm>(
  Object.entries(CYCLONEDX_HASH_ALGORITHMS).map(([ours, theirs]) => [theirs, ours as HashAlgorithm]),
);
const SCOPES = new Map<string, Scope>([
  ["required", "prod"],
  ["optional", "optional"],
  ["excluded", "dev"],
]);

/**
 * CycloneDX JSON BOMs as an inventory source: npm and PyPI components (by purl) become packages,
 * the metadata component the project root, `dependencies` the edges. Components of other
 * ecosystems are reported as skipped.
 */
export const cycloneDxParser: LockfileParser = {
  format: "cyclonedx",
  ecosystem: "mixed",
  description: "CycloneDX SBOM (JSON): npm and PyPI components",
  matchesFileName(fileName) {
    const name = fileName.toLowerCase();
    return (
      name === "bom.json" || name === "sbom.json" || name.endsWith(".cdx.json") || name.endsWith(".bom.json")
    );
  },
  sniff(content) {
    return /"bomFormat"\s*:\s*"CycloneDX"/.test(content);
  },
  parse({ path, content }) {
    const doc = parseJsonText(content, path);
    if (!isRecord(doc) || doc.bomFormat !== "CycloneDX") {
      throw parseError(path, 'not a CycloneDX BOM: "bomFormat" is not "CycloneDX"', 1);
    }
    return new CycloneDxReader(path, doc).read();
  },
};

class CycloneDxReader {
  private readonly builder: SnapshotBuilder;
  /** bom-ref → root or package id. */
  private readonly ids = new Map<string, string>();
  /** Incoming edges take the target's scope as their kind (CycloneDX edges have none). */
  private readonly kinds = new Map<string, Scope>();
  private readonly skippedRefs = new Set<string>();
  private readonly dependencies: Json[];
  private readonly rootRef: string | undefined;
  private readonly facts = new AnnotatedFacts();
  private readonly unsupportedHashes = new Set<string>();

  constructor(
    path: string,
    private readonly doc: Json,
  ) {
    const specVersion = stringField(doc, "specVersion");
    this.builder = sbomBuilder(path, "cyclonedx", specVersion ?? "unknown");
    if (!specVersion) this.builder.warn(`${path}: no specVersion; read as CycloneDX 1.x`);
    this.dependencies = arrayField(doc, "dependencies").filter(isRecord);
    const metadata = isRecord(doc.metadata) ? doc.metadata : undefined;
    const root = isRecord(metadata?.component) ? metadata.component : undefined;
    this.rootRef = stringField(root, "bom-ref");
    const id = this.builder.addRoot(".", root && fullName(root), stringField(root, "version"));
    if (this.rootRef) this.ids.set(this.rootRef, id);
  }

  read(): Snapshot {
    this.readComponents(arrayField(this.doc, "components"), "components");
    for (const dependency of this.dependencies) {
      const from = this.resolve(stringField(dependency, "ref"));
      if (from === undefined) continue;
      for (const target of arrayField(dependency, "dependsOn")) {
        const to = this.resolve(typeof target === "string" ? target : undefined);
        if (to !== undefined) this.builder.addEdge(from, to, this.kinds.get(to) ?? "prod");
      }
    }
    if (this.unsupportedHashes.size > 0) {
      this.builder.warn(
        `hashes not kept (algorithm not supported or digest not hex): ${[...this.unsupportedHashes].sort().join(", ")}`,
      );
    }
    return this.facts.applyTo(this.builder.build());
  }

  /**
   * Components nest (assemblies, workspaces): read them depth-first, in document order, with an
   * explicit stack so absurd nesting cannot overflow the call stack.
   */
  private readComponents(list: unknown[], where: string): void {
    const stack = list.map((item, index) => ({ item, entry: `${where}[${index}]` })).reverse();
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      const { item, entry } = next;
      if (!isRecord(item)) {
        this.builder.countEntry();
        this.builder.skip(entry, "not a component object");
        continue;
      }
      this.readComponent(item, entry);
      const nested = arrayField(item, "components");
      for (let i = nested.length - 1; i >= 0; i--) {
        stack.push({ item: nested[i], entry: `${entry}.components[${i}]` });
      }
    }
  }

  private readComponent(component: Json, entry: string): void {
    const ref = stringField(component, "bom-ref");
    const props = properties(component);
    const annotations = readAnnotations(props);
    if (annotations.root !== undefined) {
      // A workspace member Lockkeeper exported: a root again, not a package entry.
      const id = this.builder.addRoot(
        annotations.root,
        fullName(component),
        stringField(component, "version"),
      );
      if (ref) this.ids.set(ref, id);
      return;
    }
    this.builder.countEntry();
    const purl = stringField(component, "purl");
    const target = packageFromPurl(purl);
    const label = purl ?? ref ?? fullName(component) ?? entry;
    if ("skip" in target) {
      this.builder.skip(label, target.skip);
      if (ref) this.skippedRefs.add(ref);
      return;
    }
    const scope = scopeOf(component, props, annotations);
    const version = stringField(component, "version");
    const license = licenseOf(component);
    const displayName = fullName(component);
    const input = sbomPackageInput(target, {
      annotations,
      scope,
      source: sourceOf(component, annotations),
      hashes: this.hashesOf(component),
      key: ref ?? label,
      ...(version ? { version } : {}),
      ...(license ? { license } : {}),
      ...(displayName ? { displayName } : {}),
    });
    const id = addSbomPackage(this.builder, input, annotations.aliases);
    this.facts.record(id, annotations);
    const earlier = this.kinds.get(id);
    this.kinds.set(id, earlier ? strongerScope(earlier, scope) : scope);
    if (ref) this.ids.set(ref, id);
  }

  private resolve(ref: string | undefined): string | undefined {
    if (ref === undefined) return undefined;
    const id = this.ids.get(ref);
    // Refs of skipped components are accounted for already; anything else is a dangling reference.
    if (id === undefined && !this.skippedRefs.has(ref)) {
      this.builder.warn(`dependencies: "${ref}" is not a component of the BOM`);
      this.skippedRefs.add(ref);
    }
    return id;
  }

  private hashesOf(component: Json): Hash[] {
    const hashes: Hash[] = [];
    for (const hash of arrayField(component, "hashes")) {
      if (!isRecord(hash)) continue;
      const alg = stringField(hash, "alg") ?? "";
      const algorithm = HASH_ALGORITHMS.get(alg);
      const value = stringField(hash, "content")?.toLowerCase();
      if (algorithm && value && /^[0-9a-f]+$/.test(value)) hashes.push({ algorithm, value });
      else this.unsupportedHashes.add(alg || "(none)");
    }
    return hashes;
  }
}

/** `group/name` for npm scopes (the CycloneDX convention), the plain name otherwise. */
function fullName(component: Json): string | undefined {
  const name = stringField(component, "name");
  const group = stringField(component, "group");
  return name && group ? `${group}/${name}` : name;
}

function properties(component: Json): Annotation[] {
  const list: Annotation[] = [];
  for (const property of arrayField(component, "properties")) {
    if (!isRecord(property)) continue;
    const name = stringField(property, "name");
    const value = property.value;
    if (name && typeof value === "string") list.push({ name, value });
  }
  return list;
}

function scopeOf(component: Json, props: readonly Annotation[], annotations: ReadAnnotations): Scope {
  if (annotations.scope) return annotations.scope;
  if (props.some((p) => p.value === "true" && isDevelopmentProperty(p.name))) return "dev";
  // CycloneDX's default scope is "required".
  return SCOPES.get(stringField(component, "scope") ?? "required") ?? "prod";
}

function licenseOf(component: Json): string | undefined {
  const names: string[] = [];
  for (const choice of arrayField(component, "licenses")) {
    if (!isRecord(choice)) continue;
    const expression = stringField(choice, "expression");
    const license = isRecord(choice.license) ? choice.license : undefined;
    const name = expression ?? stringField(license, "id") ?? stringField(license, "name");
    if (name) names.push(name);
  }
  // Several licences listed one by one all apply to the component.
  return names.length > 1 ? names.map((n) => (/\s/.test(n) ? `(${n})` : n)).join(" AND ") : names[0];
}

function sourceOf(component: Json, annotations: ReadAnnotations): PackageSource {
  const references = arrayField(component, "externalReferences").filter(isRecord);
  const urlOf = (type: string) =>
    stringField(
      references.find((r) => r.type === type),
      "url",
    );
  // Without Lockkeeper's annotation the package came from a registry: a "vcs" reference usually
  // names the project's repository (cyclonedx-npm copies package.json `repository`), not its source.
  const kind = annotations.source ?? "registry";
  let url: string | undefined;
  if (kind === "git") url = urlOf("vcs");
  else if (kind === "url" || kind === "file" || kind === "registry") url = urlOf("distribution");
  url ??= annotations.sourceUrl;
  return url ? { kind, url } : { kind };
}
