import type { LockfileParser } from "../ecosystems/types.js";
import { parseError } from "../errors.js";
import { parseJsonText } from "../files/json-text.js";
import { compareText } from "../model/package-order.js";
import type { SnapshotBuilder } from "../model/snapshot-builder.js";
import type { DependencyKind, Hash, HashAlgorithm, PackageSource, Snapshot } from "../model/types.js";
import { SPDX_HASH_ALGORITHMS } from "./hash-algorithms.js";
import { arrayField, isRecord, stringField } from "./json-fields.js";
import { parseAnnotationComment, type ReadAnnotations, readAnnotations } from "./package-annotations.js";
import {
  AnnotatedFacts,
  addSbomPackage,
  packageFromPurl,
  sbomBuilder,
  sbomPackageInput,
} from "./sbom-snapshot.js";

type Json = Record<string, unknown>;

const HASH_ALGORITHMS = new Map<string, HashAlgorithm>(
  Object.entries(SPDX_HASH_ALGORITHMS).map(([ours, theirs]) => [theirs, ours as HashAlgorithm]),
);

/**
 * Dependency relationships: `forward` ones read "element depends on related"; the others
 * "element is a dependency of related". Any other relationship type says nothing about dependencies.
 */
const RELATIONSHIPS = new Map<unknown, { kind: DependencyKind; forward: boolean }>([
  ["DEPENDS_ON", { kind: "prod", forward: true }],
  ["DEPENDENCY_OF", { kind: "prod", forward: false }],
  ["RUNTIME_DEPENDENCY_OF", { kind: "prod", forward: false }],
  ["PROVIDED_DEPENDENCY_OF", { kind: "prod", forward: false }],
  ["OPTIONAL_DEPENDENCY_OF", { kind: "optional", forward: false }],
  ["DEV_DEPENDENCY_OF", { kind: "dev", forward: false }],
  ["BUILD_DEPENDENCY_OF", { kind: "dev", forward: false }],
  ["TEST_DEPENDENCY_OF", { kind: "dev", forward: false }],
]);

const UNKNOWN = new Set(["NOASSERTION", "NONE"]);

/**
 * SPDX 2.x JSON documents as an inventory source: packages with an npm or PyPI purl become
 * packages, the described package the project root, dependency relationships the edges.
 */
export const spdxParser: LockfileParser = {
  format: "spdx",
  ecosystem: "mixed",
  description: "SPDX 2.x SBOM (JSON): npm and PyPI packages",
  matchesFileName(fileName) {
    const name = fileName.toLowerCase();
    // sbom.json is shared with CycloneDX; the content decides.
    return name.endsWith(".spdx.json") || name === "sbom.json";
  },
  sniff(content) {
    return /"spdxVersion"\s*:\s*"SPDX-/.test(content);
  },
  parse({ path, content }) {
    const doc = parseJsonText(content, path);
    const spdxVersion = isRecord(doc) ? stringField(doc, "spdxVersion") : undefined;
    if (!isRecord(doc) || !spdxVersion?.startsWith("SPDX-")) {
      throw parseError(path, 'not an SPDX document: no "spdxVersion"', 1);
    }
    return new SpdxReader(path, doc, spdxVersion).read();
  },
};

class SpdxReader {
  private readonly builder: SnapshotBuilder;
  /** SPDXID → root or package id. */
  private readonly ids = new Map<string, string>();
  private readonly skippedIds = new Set<string>();
  private readonly ignored = new Map<string, number>();
  private readonly unsupportedHashes = new Set<string>();
  private readonly facts = new AnnotatedFacts();

  constructor(
    path: string,
    private readonly doc: Json,
    spdxVersion: string,
  ) {
    this.builder = sbomBuilder(path, "spdx", spdxVersion);
  }

  read(): Snapshot {
    const relationships = arrayField(this.doc, "relationships").filter(isRecord);
    const described = this.describedId(relationships);
    arrayField(this.doc, "packages").forEach((item, index) => {
      this.readPackage(item, `packages[${index}]`, described);
    });
    if (!this.ids.has(described ?? "")) this.builder.addRoot(".");
    for (const relationship of relationships) this.readRelationship(relationship);
    if (this.ignored.size > 0) {
      const counts = [...this.ignored].sort(([a], [b]) => compareText(a, b)).map(([t, n]) => `${n} ${t}`);
      this.builder.warn(`relationships that are not dependencies were ignored: ${counts.join(", ")}`);
    }
    if (this.unsupportedHashes.size > 0) {
      this.builder.warn(
        `checksums not kept (algorithm not supported or digest not hex): ${[...this.unsupportedHashes].sort().join(", ")}`,
      );
    }
    return this.facts.applyTo(this.builder.build());
  }

  /** The package the document describes: the project. */
  private describedId(relationships: Json[]): string | undefined {
    const documentId = stringField(this.doc, "SPDXID") ?? "SPDXRef-DOCUMENT";
    const describes = relationships.find(
      (r) => r.spdxElementId === documentId && r.relationshipType === "DESCRIBES",
    );
    const fromList = arrayField(this.doc, "documentDescribes").find((d) => typeof d === "string");
    return stringField(describes, "relatedSpdxElement") ?? fromList;
  }

  private readPackage(item: unknown, entry: string, described: string | undefined): void {
    if (!isRecord(item)) {
      this.builder.countEntry();
      this.builder.skip(entry, "not a package object");
      return;
    }
    const spdxId = stringField(item, "SPDXID");
    const name = stringField(item, "name");
    const version = known(stringField(item, "versionInfo"));
    const annotations = readAnnotations(parseAnnotationComment(stringField(item, "comment")));
    if (spdxId !== undefined && spdxId === described) {
      this.ids.set(spdxId, this.builder.addRoot(".", name, version));
      return;
    }
    if (annotations.root !== undefined) {
      const id = this.builder.addRoot(annotations.root, name, version);
      if (spdxId) this.ids.set(spdxId, id);
      return;
    }
    this.builder.countEntry();
    const purl = purlOf(item);
    const target = packageFromPurl(purl);
    const label = purl ?? (name ? `${name}${version ? `@${version}` : ""}` : (spdxId ?? entry));
    if ("skip" in target) {
      this.builder.skip(label, target.skip);
      if (spdxId) this.skippedIds.add(spdxId);
      return;
    }
    const license =
      known(stringField(item, "licenseDeclared")) ?? known(stringField(item, "licenseConcluded"));
    const input = sbomPackageInput(target, {
      annotations,
      scope: annotations.scope ?? "prod",
      source: sourceOf(item, annotations),
      hashes: this.hashesOf(item),
      key: spdxId ?? label,
      ...(version ? { version } : {}),
      ...(license ? { license } : {}),
      ...(name ? { displayName: name } : {}),
    });
    const id = addSbomPackage(this.builder, input, annotations.aliases);
    this.facts.record(id, annotations);
    if (spdxId) this.ids.set(spdxId, id);
  }

  private readRelationship(relationship: Json): void {
    const type = stringField(relationship, "relationshipType") ?? "";
    const rule = RELATIONSHIPS.get(type);
    if (!rule) {
      if (type !== "DESCRIBES") this.ignored.set(type || "(untyped)", (this.ignored.get(type) ?? 0) + 1);
      return;
    }
    const element = stringField(relationship, "spdxElementId");
    const related = stringField(relationship, "relatedSpdxElement");
    const [fromSpdx, toSpdx] = rule.forward ? [element, related] : [related, element];
    const from = this.ids.get(fromSpdx ?? "");
    const to = this.ids.get(toSpdx ?? "");
    if (from === undefined || to === undefined) {
      // Relationships of skipped packages are accounted for by the skip; others point at files or
      // elements this document does not define.
      if (!this.skippedIds.has(fromSpdx ?? "") && !this.skippedIds.has(toSpdx ?? "")) {
        this.ignored.set(
          `${type} to an unknown element`,
          (this.ignored.get(`${type} to an unknown element`) ?? 0) + 1,
        );
      }
      return;
    }
    const comment = readAnnotations(parseAnnotationComment(stringField(relationship, "comment")));
    this.builder.addEdge(from, to, rule.forward && comment.kind ? comment.kind : rule.kind);
  }

  private hashesOf(item: Json): Hash[] {
    const hashes: Hash[] = [];
    for (const checksum of arrayField(item, "checksums")) {
      if (!isRecord(checksum)) continue;
      const name = stringField(checksum, "algorithm") ?? "";
      const algorithm = HASH_ALGORITHMS.get(name);
      const value = stringField(checksum, "checksumValue")?.toLowerCase();
      if (algorithm && value && /^[0-9a-f]+$/.test(value)) hashes.push({ algorithm, value });
      else this.unsupportedHashes.add(name || "(none)");
    }
    return hashes;
  }
}

function known(value: string | undefined): string | undefined {
  return value === undefined || UNKNOWN.has(value) ? undefined : value;
}

function purlOf(item: Json): string | undefined {
  const ref = arrayField(item, "externalRefs").find(
    (r) => isRecord(r) && r.referenceType === "purl" && typeof r.referenceLocator === "string",
  );
  return isRecord(ref) ? stringField(ref, "referenceLocator") : undefined;
}

function sourceOf(item: Json, annotations: ReadAnnotations): PackageSource {
  const location = known(stringField(item, "downloadLocation"));
  const kind = annotations.source ?? (location && /^git(\+|:\/\/)/.test(location) ? "git" : "registry");
  const url = kind === "git" || kind === "url" || kind === "registry" ? location : annotations.sourceUrl;
  return url ? { kind, url } : { kind };
}
