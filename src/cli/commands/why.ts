import { whyDocument } from "../../core/app/documents/why-document.js";
import { type WhyMatch, whyPackage } from "../../core/app/why.js";
import { LockkeeperError } from "../../core/errors.js";
import type { Snapshot } from "../../core/model/types.js";
import { cliContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { renderJson } from "../output/json.js";

export async function whyCommand(
  io: CliIo,
  query: string,
  target: string,
  options: { format: string; limit: string },
): Promise<number> {
  const limit = Number.parseInt(options.limit, 10);
  if (!Number.isInteger(limit) || limit < 1)
    throw new LockkeeperError("USAGE", `--limit must be a positive whole number, not "${options.limit}"`);
  const context = cliContext(io);
  const matches = whyPackage(context, query, target, limit);
  io.stdout(
    options.format === "json"
      ? renderJson(whyDocument(matches, { query, target, toolVersion: context.toolVersion }))
      : renderText(matches),
  );
  return EXIT.OK;
}

function label(snapshot: Snapshot, id: string): string {
  const root = snapshot.roots.find((r) => r.id === id);
  if (root) return root.name ? `${root.name} (${root.path})` : root.path === "." ? "project" : root.path;
  const pkg = snapshot.packages.find((p) => p.id === id);
  return pkg ? `${pkg.displayName}@${pkg.version ?? pkg.requirement ?? "?"}` : id;
}

function renderText(matches: readonly WhyMatch[]): string {
  const lines: string[] = [];
  for (const { snapshot, pkg, search } of matches) {
    const count = `${search.paths.length}${search.truncated ? "+" : ""} path${search.paths.length === 1 ? "" : "s"}`;
    const kind = pkg.direct ? "direct" : "transitive";
    lines.push(
      `${pkg.displayName}@${pkg.version ?? "?"} in ${snapshot.lockfile.path}: ${pkg.scope}, ${search.paths.length === 0 && pkg.direct ? kind : `${kind}, ${count}`}`,
    );
    for (const path of search.paths) {
      const steps = path.edges.map(
        (edge) => `${label(snapshot, edge.to)} [${edge.kind}${edge.range ? ` ${edge.range}` : ""}]`,
      );
      lines.push(`  ${label(snapshot, path.root)} > ${steps.join(" > ")}`);
    }
    if (search.paths.length === 0)
      lines.push(
        pkg.direct
          ? `  listed directly in ${snapshot.lockfile.path}, which records no dependency graph`
          : "  (no path from a root: the lockfile lists it without a dependent)",
      );
    if (search.truncated) lines.push("  … more paths exist (raise --limit to see more)");
  }
  return `${lines.join("\n")}\n`;
}
