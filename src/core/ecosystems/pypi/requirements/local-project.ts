import { parse } from "smol-toml";
import { joinRelative, type ProjectFiles } from "../../../files/project-files.js";

/** Name and version of a local project directory (`-e .`, `./libs/foo`), from its metadata files. */
export interface LocalProject {
  name?: string;
  version?: string;
  /** The metadata file that was read, relative to the files' base. */
  manifest: string;
}

/**
 * Reads `pyproject.toml` (`[project]`, then `[tool.poetry]`) or `setup.cfg` (`[metadata]`) in a
 * directory. `setup.py` is code and is not run. Undefined when neither file exists or names the project.
 */
export function readLocalProject(files: ProjectFiles, directory: string): LocalProject | undefined {
  const pyprojectPath = joinRelative(directory, "pyproject.toml");
  const pyproject = readQuietly(files, pyprojectPath);
  if (pyproject !== undefined) {
    const found = fromPyproject(pyproject);
    if (found.name) return { ...found, manifest: pyprojectPath };
  }
  const setupCfgPath = joinRelative(directory, "setup.cfg");
  const setupCfg = readQuietly(files, setupCfgPath);
  if (setupCfg !== undefined) {
    const found = fromSetupCfg(setupCfg);
    if (found.name) return { ...found, manifest: setupCfgPath };
  }
  return undefined;
}

function fromPyproject(content: string): { name?: string; version?: string } {
  let doc: Record<string, unknown>;
  try {
    doc = parse(content) as Record<string, unknown>;
  } catch {
    return {}; // an unreadable pyproject leaves the project unnamed; the caller reports that
  }
  const project = table(doc.project);
  const poetry = table(table(doc.tool)?.poetry);
  const result: { name?: string; version?: string } = {};
  const name = text(project?.name) ?? text(poetry?.name);
  const version = text(project?.version) ?? text(poetry?.version);
  if (name) result.name = name;
  if (version) result.version = version;
  return result;
}

function fromSetupCfg(content: string): { name?: string; version?: string } {
  const result: { name?: string; version?: string } = {};
  let inMetadata = false;
  for (const raw of content.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("[")) {
      inMetadata = line === "[metadata]";
      continue;
    }
    if (!inMetadata) continue;
    const [, key, value] = /^(name|version)\s*[=:]\s*(\S.*)$/.exec(line) ?? [];
    // `version = attr: pkg.__version__` needs code to run: not a version.
    if (value === undefined || value.includes(":")) continue;
    if (key === "name") result.name = value;
    else if (key === "version") result.version = value;
  }
  return result;
}

function readQuietly(files: ProjectFiles, path: string): string | undefined {
  try {
    return files.readText(path);
  } catch {
    return undefined; // unreadable (permissions): same as absent for a best-effort name lookup
  }
}

function table(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
