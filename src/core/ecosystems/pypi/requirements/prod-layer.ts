import type { ProjectFiles } from "../../../files/project-files.js";
import type { Snapshot } from "../../../model/types.js";
import { normalisePypiName } from "../names.js";
import {
  constraintLock,
  conventionalProdLayers,
  pathCandidates,
  scopeFromFileName,
  siblingInput,
} from "./layering.js";
import { parseRequirementsDocument, type RequirementsDocument } from "./requirements-document.js";

export interface ProdLayerContext {
  lockPath: string;
  /** The dev-layer lock, parsed. */
  doc: RequirementsDocument;
  files: ProjectFiles;
  /** Ids pip-compile annotated `# via -c <prod lock>`. */
  constrainedByProd: Set<string>;
  addManifest(path: string): void;
  warn(message: string): void;
}

interface ConstraintRef {
  from: string;
  written: string;
  /** Written in a `# via` annotation (relative to where pip-compile ran) rather than a `-c` line. */
  annotation: boolean;
}

const MAX_DEPTH = 20;

/**
 * pip-tools layering: a dev lock compiled with `-c main.txt` repeats the production pins it
 * shares, and those packages are production ones even though only dev roots reach them here.
 * Raises them to `prod` in a built snapshot (the graph of this one file cannot tell).
 */
export function applyProdLayer(snapshot: Snapshot, context: ProdLayerContext): void {
  const layers = prodLayers(context);
  const pins = new Set<string>();
  const visited = new Set<string>();
  for (const layer of layers) collectPins(layer.path, layer.content, context, pins, visited, 0);
  for (const pkg of snapshot.packages) {
    if (pkg.scope === "prod") continue;
    if (context.constrainedByProd.has(pkg.id) || (pkg.version && pins.has(`${pkg.name}@${pkg.version}`))) {
      pkg.scope = "prod";
    }
  }
}

/** The production locks this dev lock is layered on, read. */
function prodLayers(context: ProdLayerContext): { path: string; content: string }[] {
  const refs = constraintRefs(context);
  const layers: { path: string; content: string }[] = [];
  const prodRefs = refs.filter((ref) => scopeFromFileName(constraintLock(ref.written)) === "prod");
  const missing = new Map<string, string>();
  for (const ref of prodRefs) {
    const written = constraintLock(ref.written);
    const found = firstReadable(context.files, pathCandidates(ref.from, written, ref.annotation));
    if (!found) {
      // `-c main.txt` in dev.in and `# via -c requirements/main.txt` name one file two ways.
      const base = written.slice(written.lastIndexOf("/") + 1);
      if (!missing.has(base)) missing.set(base, written);
      continue;
    }
    if (!layers.some((layer) => layer.path === found.path)) layers.push(found);
  }
  for (const [base, written] of missing) {
    if (layers.some((layer) => layer.path.endsWith(`/${base}`) || layer.path === base)) continue;
    context.warn(`${context.lockPath}: constraint file ${written} not found; shared pins stay dev`);
  }
  if (refs.length === 0) {
    const found = firstReadable(context.files, conventionalProdLayers(context.lockPath));
    if (found) layers.push(found);
  }
  return layers;
}

/** `-c` lines of the lock and of its same-stem `.in`, and `# via -c` annotations. */
function constraintRefs(context: ProdLayerContext): ConstraintRef[] {
  const refs: ConstraintRef[] = [];
  const add = (ref: ConstraintRef): void => {
    if (!refs.some((r) => r.written === ref.written)) refs.push(ref);
  };
  for (const include of context.doc.includes) {
    if (include.constraint) add({ from: context.lockPath, written: include.path, annotation: false });
  }
  const inputPath = siblingInput(context.lockPath);
  const input = inputPath === undefined ? undefined : readQuietly(context.files, inputPath);
  if (inputPath !== undefined && input !== undefined) {
    context.addManifest(inputPath);
    for (const include of parseRequirementsDocument(input).includes) {
      if (include.constraint) add({ from: inputPath, written: include.path, annotation: false });
    }
  }
  for (const entry of context.doc.entries) {
    for (const written of entry.via?.constraints ?? []) {
      add({ from: context.lockPath, written, annotation: true });
    }
  }
  return refs;
}

/** `name@version` of every pin in a prod lock and in the files it includes with `-r`. */
function collectPins(
  path: string,
  content: string,
  context: ProdLayerContext,
  pins: Set<string>,
  visited: Set<string>,
  depth: number,
): void {
  if (visited.has(path) || depth > MAX_DEPTH) return;
  visited.add(path);
  context.addManifest(path);
  const doc = parseRequirementsDocument(content);
  for (const entry of doc.entries) {
    const { name, version } = entry.requirement;
    if (name && version) pins.add(`${normalisePypiName(name)}@${version}`);
  }
  for (const include of doc.includes) {
    if (include.constraint) continue;
    const found = firstReadable(context.files, pathCandidates(path, include.path, false));
    if (found) collectPins(found.path, found.content, context, pins, visited, depth + 1);
  }
}

function firstReadable(
  files: ProjectFiles,
  paths: readonly string[],
): { path: string; content: string } | undefined {
  for (const path of paths) {
    const content = readQuietly(files, path);
    if (content !== undefined) return { path, content };
  }
  return undefined;
}

function readQuietly(files: ProjectFiles, path: string): string | undefined {
  try {
    return files.readText(path);
  } catch {
    return undefined; // unreadable counts as absent: layering is a refinement, never a failure
  }
}
