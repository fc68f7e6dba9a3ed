import { adapterFor } from "../../core/ecosystems/index.js";
import { LockkeeperError } from "../../core/errors.js";
import { findDependencyPaths, type PathSearch } from "../../core/inventory/dependency-paths.js";
import type { PackageNode, Snapshot } from "../../core/model/types.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { loadProject } from "./project.js";

interface Match {
  snapshot: Snapshot;
  pkg: PackageNode;
  search: PathSearch;
}

export async function whyCommand(
  io: CliIo,
  query: string,
  target: string,
  options: { format: string; limit: string },
): Promise<number> {
  const limit = Number.parseInt(options.limit, 10);
  if (!Number.isInteger(limit) || limit < 1)
    throw new LockkeeperError("USAGE", `--limit must be a positive whole number, not "${options.limit}"`);
  const { name, version } = splitQuery(query);
  const { inventory } = loadProject(io, target);
  const matches: Match[] = [];
  for (const snapshot of inventory.snapshots) {
    for (const pkg of snapshot.packages) {
      if (pkg.name !== adapterFor(pkg.ecosystem).normaliseName(name) && !pkg.aliases?.includes(name))
        continue;
      if (version && pkg.version !== version) continue;
      matches.push({ snapshot, pkg, search: findDependencyPaths(snapshot, pkg.id, limit) });
    }
  }
  if (matches.length === 0) {
    throw new LockkeeperError("NOT_FOUND", `${query} is not a dependency of ${target}`, {
      hint: "names are matched exactly (PyPI names after PEP 503 normalisation); try 'lk inventory' to list them",
    });
  }
  io.stdout(options.format === "json" ? renderJson(matches) : renderText(matches));
  return EXIT.OK;
}

/** `name`, `name@1.0.0`, `@scope/name@1.0.0`. */
function splitQuery(query: string): { name: string; version?: string } {
  const at = query.lastIndexOf("@");
  return at > 0 ? { name: query.slice(0, at), version: query.slice(at + 1) } : { name: query };
}

function label(snapshot: Snapshot, id: string): string {
  const root = snapshot.roots.find((r) => r.id === id);
  if (root) return root.name ? `${root.name} (${root.path})` : root.path === "." ? "project" : root.path;
  const pkg = snapshot.packages.find((p) => p.id === id);
  return pkg ? `${pkg.displayName}@${pkg.version ?? pkg.requirement ?? "?"}` : id;
}

function renderText(matches: Match[]): string {
  const lines: string[] = [];
  for (const { snapshot, pkg, search } of matches) {
    lines.push(
      `${pkg.displayName}@${pkg.version ?? "?"} in ${snapshot.lockfile.path}: ${pkg.scope}, ${pkg.direct ? "direct" : "transitive"}, ${search.paths.length}${search.truncated ? "+" : ""} path${search.paths.length === 1 ? "" : "s"}`,
    );
    for (const path of search.paths) {
      const steps = path.edges.map(
        (edge) => `${label(snapshot, edge.to)} [${edge.kind}${edge.range ? ` ${edge.range}` : ""}]`,
      );
      lines.push(`  ${label(snapshot, path.root)} > ${steps.join(" > ")}`);
    }
    if (search.paths.length === 0)
      lines.push("  (no path from a root: the lockfile lists it without a dependent)");
    if (search.truncated) lines.push("  … more paths exist (raise --limit to see more)");
  }
  return `${lines.join("\n")}\n`;
}

function renderJson(matches: Match[]): string {
  return `${JSON.stringify(
    matches.map(({ snapshot, pkg, search }) => ({
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
    null,
    2,
  )}\n`;
}
