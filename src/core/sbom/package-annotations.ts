import { SCOPES, type Scope, type SourceKind } from "../model/types.js";
import type { BomPackage } from "./bom-graph.js";

/**
 * What Lockkeeper knows about a package beyond what CycloneDX and SPDX have fields for (the exact
 * scope, direct or transitive, an unpinned requirement, a non-registry source). CycloneDX carries
 * these as `properties`, SPDX as `name=value` lines of the package comment; the importers read
 * them back, which makes export → import lossless.
 */
export interface Annotation {
  name: string;
  value: string;
}

export const ANNOTATION = {
  scope: "lockkeeper:scope",
  direct: "lockkeeper:direct",
  unpinned: "lockkeeper:unpinned",
  requirement: "lockkeeper:requirement",
  source: "lockkeeper:source",
  sourceUrl: "lockkeeper:source-url",
  markers: "lockkeeper:markers",
  alias: "lockkeeper:alias",
  /** On a workspace element: its path, which makes it a root rather than a package. */
  root: "lockkeeper:root",
  /** SPDX only: a licence that is not an SPDX expression, which `licenseDeclared` cannot hold. */
  license: "lockkeeper:license",
  /** SPDX only, on a DEPENDS_ON relationship: the edge kind SPDX has no relationship type for. */
  kind: "lockkeeper:kind",
} as const;

/**
 * @param urlElsewhere whether the format already carries the source URL of this source kind
 *   (CycloneDX external references, SPDX download location); otherwise it becomes an annotation.
 */
export function packageAnnotations(
  pkg: BomPackage,
  urlElsewhere: (kind: SourceKind) => boolean,
): Annotation[] {
  const list: Annotation[] = [
    { name: ANNOTATION.scope, value: pkg.scope },
    { name: ANNOTATION.direct, value: String(pkg.direct) },
  ];
  if (pkg.version === undefined) list.push({ name: ANNOTATION.unpinned, value: "true" });
  if (pkg.requirement) list.push({ name: ANNOTATION.requirement, value: pkg.requirement });
  if (pkg.source.kind !== "registry") {
    list.push({ name: ANNOTATION.source, value: pkg.source.kind });
    if (pkg.source.url && !urlElsewhere(pkg.source.kind))
      list.push({ name: ANNOTATION.sourceUrl, value: pkg.source.url });
  }
  if (pkg.markers) list.push({ name: ANNOTATION.markers, value: pkg.markers });
  for (const alias of pkg.aliases) list.push({ name: ANNOTATION.alias, value: alias });
  return list;
}

export interface ReadAnnotations {
  scope?: Scope;
  direct?: boolean;
  unpinned: boolean;
  requirement?: string;
  source?: SourceKind;
  sourceUrl?: string;
  markers?: string;
  aliases: string[];
  root?: string;
  license?: string;
  kind?: Scope;
}

const SOURCE_KINDS = new Set<string>(["registry", "git", "file", "link", "url", "workspace"]);

/** Reads annotations back; unknown names and invalid values are ignored (they came from elsewhere). */
export function readAnnotations(annotations: Iterable<Annotation>): ReadAnnotations {
  const read: ReadAnnotations = { unpinned: false, aliases: [] };
  for (const { name, value } of annotations) {
    switch (name) {
      case ANNOTATION.scope:
        if (isScope(value)) read.scope = value;
        break;
      case ANNOTATION.kind:
        if (isScope(value)) read.kind = value;
        break;
      case ANNOTATION.direct:
        read.direct = value === "true";
        break;
      case ANNOTATION.unpinned:
        read.unpinned = value === "true";
        break;
      case ANNOTATION.source:
        if (SOURCE_KINDS.has(value)) read.source = value as SourceKind;
        break;
      case ANNOTATION.alias:
        read.aliases.push(value);
        break;
      case ANNOTATION.requirement:
        read.requirement = value;
        break;
      case ANNOTATION.sourceUrl:
        read.sourceUrl = value;
        break;
      case ANNOTATION.markers:
        read.markers = value;
        break;
      case ANNOTATION.root:
        read.root = value;
        break;
      case ANNOTATION.license:
        read.license = value;
        break;
    }
  }
  return read;
}

/** Annotations as SPDX comment lines (`lockkeeper:scope=dev`). */
export function formatAnnotationComment(annotations: readonly Annotation[]): string {
  return annotations.map((a) => `${a.name}=${a.value.replace(/[\r\n]+/g, " ")}`).join("\n");
}

/** The annotation lines of an SPDX comment; other lines are someone else's text. */
export function parseAnnotationComment(comment: string | undefined): Annotation[] {
  if (!comment) return [];
  const list: Annotation[] = [];
  for (const line of comment.split(/\r?\n/)) {
    const [, name, value] = /^(lockkeeper:[a-z-]+)=(.*)$/.exec(line.trim()) ?? [];
    if (name !== undefined && value !== undefined) list.push({ name, value });
  }
  return list;
}

function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}
