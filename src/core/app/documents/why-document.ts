import type { WhyMatch } from "../why.js";

/** Version of the why JSON document (schema/why.schema.json); bumped only for incompatible changes. */
export const WHY_DOCUMENT_VERSION = 1;

/** The JSON of `lk why -f json`: each copy of the package with its paths from a root. */
export function whyDocument(
  matches: readonly WhyMatch[],
  request: { query: string; target: string; toolVersion: string },
) {
  return {
    schemaVersion: WHY_DOCUMENT_VERSION,
    tool: { name: "lockkeeper", version: request.toolVersion },
    query: request.query,
    target: request.target,
    matches: matches.map(({ snapshot, pkg, search }) => ({
      lockfile: snapshot.lockfile.path,
      package: {
        id: pkg.id,
        name: pkg.name,
        version: pkg.version,
        scope: pkg.scope,
        direct: pkg.direct,
        purl: pkg.purl,
      },
      truncated: search.truncated,
      paths: search.paths.map((path) => ({
        root: path.root,
        steps: path.edges.map((edge) => ({ id: edge.to, kind: edge.kind, range: edge.range })),
      })),
    })),
  };
}
