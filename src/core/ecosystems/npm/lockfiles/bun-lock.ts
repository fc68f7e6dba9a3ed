/**
 * Bun's text lockfile, bun.lock (Bun ≥ 1.2; lockfileVersion 0 and 1).
 *
 * Roots are the workspaces; packages the `packages` entries, keyed by install path. The graph
 * follows each package's declared dependencies to the copy Node would load from its place
 * (bun/package-keys.ts), and the builder derives scopes from it as for pnpm. The older binary
 * bun.lockb cannot be read: it is claimed so that it is reported, with the command that writes
 * a bun.lock, instead of being passed over in silence.
 */
import { isLockkeeperError, LockkeeperError, parseError } from "../../../errors.js";
import { lineAt } from "../../../files/json-text.js";
import { SnapshotBuilder } from "../../../model/snapshot-builder.js";
import type { Snapshot } from "../../../model/types.js";
import type { LockfileInput, LockfileParser } from "../../types.js";
import { npmNaming } from "../naming.js";
import { parseBunJson } from "./bun/jsonc-text.js";
import { isRecord } from "./bun/package-entry.js";
import { BunPackageGraph } from "./bun/package-graph.js";
import { readWorkspaces } from "./bun/workspaces.js";

const BINARY_LOCKFILE = "bun.lockb";
const BINARY_LOCKFILE_REASON =
  "Bun's binary lockfile cannot be read; `bun install --save-text-lockfile` writes the text bun.lock, which can";
const SUPPORTED_VERSIONS = new Set([0, 1]);

export const bunLockParser: LockfileParser = {
  format: "bun-lock",
  ecosystem: "npm",
  description:
    "Bun's text lockfile (bun.lock, lockfileVersion 0 and 1); a binary bun.lockb is reported as not read",
  matchesFileName: (fileName) => fileName === "bun.lock" || fileName === BINARY_LOCKFILE,
  // History follows bun.lock only: a binary lockfile has nothing to compare.
  fileNamePatterns: ["bun.lock"],
  // Bun reads bun.lock first; a bun.lockb left beside it after migrating is stale.
  replacedBy: (fileName) => (fileName === BINARY_LOCKFILE ? "bun.lock" : undefined),
  cannotRead: (fileName) => (fileName === BINARY_LOCKFILE ? BINARY_LOCKFILE_REASON : undefined),
  parse(input) {
    if (input.path.split("/").pop() === BINARY_LOCKFILE)
      throw new LockkeeperError("UNREADABLE", BINARY_LOCKFILE_REASON, { file: input.path });
    try {
      return parseBunLock(input);
    } catch (error: unknown) {
      if (isLockkeeperError(error)) throw error;
      // A shape the checks below did not foresee: still a parse failure of this file, not a crash.
      const reason = error instanceof Error ? error.message : String(error);
      throw parseError(input.path, `cannot read this bun.lock: ${reason}`, undefined, error);
    }
  },
};

function parseBunLock(input: LockfileInput): Snapshot {
  const document = parseBunJson(input.content, input.path);
  if (!isRecord(document) || typeof document.lockfileVersion !== "number")
    throw parseError(input.path, "not a bun.lock: no lockfileVersion", 1);
  const version = document.lockfileVersion;
  if (!SUPPORTED_VERSIONS.has(version))
    throw parseError(
      input.path,
      `bun.lock lockfileVersion ${version} is not supported (supported: 0 and 1)`,
      lineAt(input.content, input.content.indexOf('"lockfileVersion"')),
    );
  const builder = new SnapshotBuilder(
    { path: input.path, format: "bun-lock", ecosystem: "npm", formatVersion: String(version), manifests: [] },
    npmNaming,
  );
  const workspaces = section(document, "workspaces", input) ?? { "": {} };
  const packages = section(document, "packages", input) ?? {};
  const roots = readWorkspaces(workspaces, input, builder);
  const graph = new BunPackageGraph(builder, packageLines(input.content));
  graph.readPackages(packages, roots);
  graph.link(roots);
  return builder.build();
}

function section(
  document: Record<string, unknown>,
  name: string,
  input: LockfileInput,
): Record<string, unknown> | undefined {
  const value = document[name];
  if (value === undefined) return undefined;
  if (!isRecord(value))
    throw parseError(
      input.path,
      `${name} is not an object`,
      lineAt(input.content, input.content.indexOf(`"${name}"`)),
    );
  return value;
}

/**
 * 1-based line of each `packages` key. Bun writes one entry per line, indented by four spaces;
 * JSON.parse keeps no positions, so the text is scanned. Entries of a file written otherwise get
 * no line.
 */
function packageLines(content: string): Map<string, number> {
  const lines = new Map<string, number>();
  const start = content.indexOf('\n  "packages": {');
  if (start < 0) return lines;
  const end = content.indexOf("\n  }", start);
  const entry = /\n {4}("(?:[^"\\\n]|\\.)*"): /g;
  entry.lastIndex = start;
  let line = lineAt(content, start);
  let counted = start;
  for (
    let match = entry.exec(content);
    match && (end < 0 || match.index < end);
    match = entry.exec(content)
  ) {
    for (
      let i = content.indexOf("\n", counted);
      i >= 0 && i <= match.index;
      i = content.indexOf("\n", i + 1)
    ) {
      line++;
      counted = i + 1;
    }
    const quoted = match[1] as string;
    if (!quoted.includes("\\")) lines.set(quoted.slice(1, -1), line);
    else {
      try {
        lines.set(JSON.parse(quoted) as string, line);
      } catch {
        // A key JSON cannot read is reported by the parse itself.
      }
    }
  }
  return lines;
}
