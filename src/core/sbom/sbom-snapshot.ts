import { adapterFor, ECOSYSTEMS, ecosystemNames } from "../ecosystems/index.js";
import { type ParsedPurl, parsePurl } from "../model/purl.js";
import { strongerScope } from "../model/scopes.js";
import { type PackageInput, SnapshotBuilder } from "../model/snapshot-builder.js";
import type { Ecosystem, LockfileFormat, PackageSource, Scope, Snapshot } from "../model/types.js";
import type { ReadAnnotations } from "./package-annotations.js";

/** A builder for an SBOM: every package names its own ecosystem, each normalised by its own rule. */
export function sbomBuilder(path: string, format: LockfileFormat, formatVersion: string): SnapshotBuilder {
  const [first] = ECOSYSTEMS;
  if (!first) throw new Error("no ecosystem is registered");
  return new SnapshotBuilder(
    { path, format, ecosystem: "mixed", formatVersion, manifests: [] },
    first,
    ECOSYSTEMS,
  );
}

export interface PurlPackage {
  ecosystem: Ecosystem;
  /** npm: `@scope/name`; PyPI: as written (the builder normalises). */
  name: string;
  version?: string;
}

/** The package a purl names, or why it cannot become one. */
export function packageFromPurl(purl: string | undefined): PurlPackage | { skip: string } {
  if (!purl) return { skip: "no purl: cannot tell the package's ecosystem" };
  const parsed = parsePurl(purl);
  if (!parsed) return { skip: `not a valid purl: ${purl}` };
  const found = packageOfPurl(parsed);
  if (!found) {
    return {
      skip: `unsupported package type "${parsed.type}" (Lockkeeper reads ${ecosystemNames()} packages)`,
    };
  }
  const result: PurlPackage = { ...found };
  if (parsed.version) result.version = parsed.version;
  return result;
}

/**
 * The PackageInput for an SBOM element: Lockkeeper's own annotations win over the format's
 * generic fields, which is what makes an export → import round trip exact.
 */
export function sbomPackageInput(
  purl: PurlPackage,
  fields: {
    version?: string;
    annotations: ReadAnnotations;
    scope: Scope;
    source: PackageSource;
    hashes: PackageInput["hashes"];
    license?: string;
    /** The element's own name: kept for display when it is the purl's name spelt differently. */
    displayName?: string;
    key: string;
  },
): PackageInput {
  const { annotations } = fields;
  const input: PackageInput = {
    ecosystem: purl.ecosystem,
    name: sameName(purl, fields.displayName) ? (fields.displayName ?? purl.name) : purl.name,
    scopeHint: fields.scope,
    source: fields.source,
    hashes: fields.hashes ?? [],
    location: { key: fields.key },
  };
  const version = annotations.unpinned ? undefined : (purl.version ?? fields.version);
  if (version) input.version = version;
  if (annotations.requirement) input.requirement = annotations.requirement;
  const license = annotations.license ?? fields.license;
  if (license) input.license = license;
  if (annotations.markers) input.markers = annotations.markers;
  return input;
}

/** Adds the package, then every further name it is installed under. Returns its id. */
export function addSbomPackage(
  builder: SnapshotBuilder,
  input: PackageInput,
  aliases: readonly string[],
): string {
  const [first, ...rest] = aliases;
  const id = builder.addPackage(first ? { ...input, alias: first } : input);
  for (const alias of rest) {
    const again: PackageInput = { ecosystem: input.ecosystem, name: input.name, alias };
    if (input.version) again.version = input.version;
    if (input.requirement) again.requirement = input.requirement;
    if (input.source) again.source = input.source;
    builder.addPackage(again);
  }
  return id;
}

/**
 * Scope and direct flag as Lockkeeper wrote them into an SBOM. They win over what the graph
 * gives: the exporter's scopes can rest on more than edges (a requirements file whose pins the
 * production layer shares is `prod` although only a dev root reaches it), and an exact round trip
 * needs them back as they were. Foreign SBOMs have none, so their scopes come from the graph.
 */
export class AnnotatedFacts {
  private readonly facts = new Map<string, { scope?: Scope; direct?: boolean }>();

  record(id: string, annotations: ReadAnnotations): void {
    if (annotations.scope === undefined && annotations.direct === undefined) return;
    const fact = this.facts.get(id) ?? {};
    if (annotations.scope)
      fact.scope = fact.scope ? strongerScope(fact.scope, annotations.scope) : annotations.scope;
    if (annotations.direct !== undefined) fact.direct = fact.direct === true || annotations.direct;
    this.facts.set(id, fact);
  }

  applyTo(snapshot: Snapshot): Snapshot {
    for (const pkg of snapshot.packages) {
      const fact = this.facts.get(pkg.id);
      if (fact?.scope) pkg.scope = fact.scope;
      if (fact?.direct !== undefined) pkg.direct = fact.direct;
    }
    return snapshot;
  }
}

/** Whether an element's own name is the purl's name spelt another way (PyPI: `PyYAML` for `pyyaml`). */
function sameName(purl: PurlPackage, displayName: string | undefined): boolean {
  const { normaliseName } = adapterFor(purl.ecosystem);
  return (
    displayName !== undefined && displayName !== "" && normaliseName(displayName) === normaliseName(purl.name)
  );
}

/** The ecosystem and package name a purl names; undefined for a type no ecosystem here uses. */
function packageOfPurl(purl: ParsedPurl): { ecosystem: Ecosystem; name: string } | undefined {
  const adapter = ECOSYSTEMS.find((candidate) => candidate.purl.type === purl.type);
  return adapter && { ecosystem: adapter.ecosystem, name: adapter.purl.join(purl.namespace, purl.name) };
}
