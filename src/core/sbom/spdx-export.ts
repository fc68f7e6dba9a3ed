import { adapterFor } from "../ecosystems/index.js";
import { isSpdxExpression } from "../licenses/expression.js";
import { compareText } from "../model/package-order.js";
import type { Inventory, SourceKind } from "../model/types.js";
import { type BomEdge, type BomPackage, type BomRoot, collectBomGraph } from "./bom-graph.js";
import { exportSerialNumber, exportTimestamp, type SbomExportOptions } from "./export-options.js";
import { SPDX_HASH_ALGORITHMS } from "./hash-algorithms.js";
import { ANNOTATION, formatAnnotationComment, packageAnnotations } from "./package-annotations.js";

export interface SpdxExportOptions extends SbomExportOptions {
  /** A URI unique to this document; defaults to one built from the project name and serial number. */
  documentNamespace?: string;
}

const DOCUMENT_ID = "SPDXRef-DOCUMENT";
const NOASSERTION = "NOASSERTION";

type Json = Record<string, unknown>;

/**
 * The inventory as an SPDX 2.3 JSON document: the project is the described package, every purl
 * one package, edges as DEPENDS_ON / DEV_DEPENDENCY_OF / OPTIONAL_DEPENDENCY_OF relationships.
 * Deterministic for fixed options.
 */
export function toSpdx(inventory: Inventory, options: SpdxExportOptions): Json {
  const graph = collectBomGraph(inventory);
  const ids = new SpdxIds();
  const projectId = ids.assign(graph.project.ref, "SPDXRef-Project");
  const packages: Json[] = [rootPackage(graph.project, projectId, false)];
  for (const root of graph.workspaces) {
    packages.push(rootPackage(root, ids.assign(root.ref, `SPDXRef-Root-${idPart(root.path)}`), true));
  }
  for (const pkg of graph.packages) {
    const version = pkg.version === undefined ? "" : `-${idPart(pkg.version)}`;
    packages.push(
      libraryPackage(
        pkg,
        ids.assign(pkg.ref, `SPDXRef-Package-${pkg.ecosystem}-${idPart(pkg.name)}${version}`),
      ),
    );
  }
  const relationships: Json[] = graph.edges
    .map((edge) => relationship(edge, ids))
    .sort(
      (a, b) =>
        compareText(String(a.spdxElementId), String(b.spdxElementId)) ||
        compareText(String(a.relatedSpdxElement), String(b.relatedSpdxElement)) ||
        compareText(String(a.relationshipType), String(b.relationshipType)),
    );
  relationships.unshift({
    spdxElementId: DOCUMENT_ID,
    relationshipType: "DESCRIBES",
    relatedSpdxElement: projectId,
  });
  const serial = exportSerialNumber(options).replace(/^urn:uuid:/, "");
  return {
    spdxVersion: "SPDX-2.3",
    dataLicense: "CC0-1.0",
    SPDXID: DOCUMENT_ID,
    name: graph.project.name,
    documentNamespace:
      options.documentNamespace ??
      `https://spdx.org/spdxdocs/lockkeeper-${idPart(graph.project.name)}-${serial}`,
    creationInfo: {
      // SPDX 2.3 writes dates as YYYY-MM-DDThh:mm:ssZ, without fractions of a second.
      created: exportTimestamp(options).replace(/\.\d+Z$/, "Z"),
      creators: [`Tool: lockkeeper-${options.toolVersion}`],
      comment: `Lockfiles: ${graph.lockfiles.map((l) => l.path).join(", ")}. Contents: ${
        options.contents === "installed"
          ? "installed (only the packages installed in the project)"
          : "locked (every package the lockfiles lock)"
      }`,
    },
    packages,
    relationships,
  };
}

function rootPackage(root: BomRoot, id: string, workspace: boolean): Json {
  const pkg: Json = { SPDXID: id, name: root.name };
  if (root.version) pkg.versionInfo = root.version;
  Object.assign(pkg, {
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    licenseConcluded: NOASSERTION,
    licenseDeclared: NOASSERTION,
    copyrightText: NOASSERTION,
    primaryPackagePurpose: "APPLICATION",
  });
  if (workspace) pkg.comment = formatAnnotationComment([{ name: ANNOTATION.root, value: root.path }]);
  return pkg;
}

/** Source kinds whose URL is the download location (a path on the builder's disk is not). */
function isDownloadable(kind: SourceKind): boolean {
  return kind === "git" || kind === "url";
}

function libraryPackage(pkg: BomPackage, id: string): Json {
  const spdx: Json = { SPDXID: id, name: adapterFor(pkg.ecosystem).purl.componentName(pkg) };
  if (pkg.version !== undefined) spdx.versionInfo = pkg.version;
  const expression = pkg.license && isSpdxExpression(pkg.license) ? pkg.license : undefined;
  Object.assign(spdx, {
    downloadLocation: pkg.source.url && isDownloadable(pkg.source.kind) ? pkg.source.url : NOASSERTION,
    filesAnalyzed: false,
    licenseConcluded: NOASSERTION,
    licenseDeclared: expression ?? NOASSERTION,
    copyrightText: NOASSERTION,
  });
  if (pkg.hashes.length > 0) {
    spdx.checksums = pkg.hashes.map((h) => ({
      algorithm: SPDX_HASH_ALGORITHMS[h.algorithm],
      checksumValue: h.value,
    }));
  }
  spdx.externalRefs = [
    { referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: pkg.ref },
  ];
  spdx.primaryPackagePurpose = "LIBRARY";
  const annotations = packageAnnotations(pkg, isDownloadable);
  if (pkg.license && !expression) annotations.push({ name: ANNOTATION.license, value: pkg.license });
  spdx.comment = formatAnnotationComment(annotations);
  return spdx;
}

/**
 * SPDX has relationship types for dev and optional dependencies (pointing from the dependency to
 * its dependant); peer dependencies are DEPENDS_ON with the kind in the comment.
 */
function relationship(edge: BomEdge, ids: SpdxIds): Json {
  const from = ids.get(edge.from);
  const to = ids.get(edge.to);
  switch (edge.kind) {
    case "dev":
      return { spdxElementId: to, relationshipType: "DEV_DEPENDENCY_OF", relatedSpdxElement: from };
    case "optional":
      return { spdxElementId: to, relationshipType: "OPTIONAL_DEPENDENCY_OF", relatedSpdxElement: from };
    case "peer":
      return {
        spdxElementId: from,
        relationshipType: "DEPENDS_ON",
        relatedSpdxElement: to,
        comment: formatAnnotationComment([{ name: ANNOTATION.kind, value: "peer" }]),
      };
    case "prod":
      return { spdxElementId: from, relationshipType: "DEPENDS_ON", relatedSpdxElement: to };
  }
}

/** `SPDXRef-` ids may only hold letters, digits, `.` and `-`. */
function idPart(text: string): string {
  return text.replace(/[^A-Za-z0-9.-]+/g, "-").replace(/^-+|-+$/g, "") || "x";
}

/** Unique SPDX ids per SBOM ref: a name that sanitises like an earlier one gets a numeric suffix. */
class SpdxIds {
  private readonly byRef = new Map<string, string>();
  private readonly used = new Set<string>();

  assign(ref: string, wanted: string): string {
    let id = wanted;
    for (let n = 2; this.used.has(id); n++) id = `${wanted}-${n}`;
    this.used.add(id);
    this.byRef.set(ref, id);
    return id;
  }

  get(ref: string): string {
    const id = this.byRef.get(ref);
    if (id === undefined) throw new Error(`SPDX export: no element for ${ref}`);
    return id;
  }
}
