import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { readRegularFile } from "../../../files/read-regular-file.js";

/** `site-packages` folders of a virtual environment (POSIX `lib/pythonX.Y/`, Windows `Lib/`). */
export function sitePackagesOf(venv: string): string[] {
  const found: string[] = [];
  for (const lib of ["lib", "lib64", "Lib"]) {
    const libDir = join(venv, lib);
    if (!existsSync(libDir)) continue;
    if (existsSync(join(libDir, "site-packages"))) found.push(join(libDir, "site-packages"));
    for (const entry of safeReaddir(libDir)) {
      const candidate = join(libDir, entry, "site-packages");
      if (entry.startsWith("python") && existsSync(candidate)) found.push(candidate);
    }
  }
  return [...new Set(found)];
}

/**
 * Which distribution provides which module, from the `*.dist-info` (and legacy `*.egg-info`)
 * folders of installed environments: `top_level.txt` where present and the files listed in
 * `RECORD`, to two levels so namespace packages resolve (`google.protobuf` → protobuf).
 */
export function readInstalledModules(sitePackages: readonly string[]): Map<string, string[]> {
  const modules = new Map<string, string[]>();
  const add = (module: string, distribution: string): void => {
    const list = modules.get(module);
    if (!list) modules.set(module, [distribution]);
    else if (!list.includes(distribution)) list.push(distribution);
  };
  for (const dir of sitePackages) {
    for (const entry of safeReaddir(dir)) {
      if (!entry.endsWith(".dist-info") && !entry.endsWith(".egg-info")) continue;
      const metaDir = join(dir, entry);
      const distribution = distributionName(metaDir, entry);
      for (const name of readLines(join(metaDir, "top_level.txt")))
        add(name.replace(/\//g, "."), distribution);
      for (const line of readLines(
        join(metaDir, entry.endsWith(".dist-info") ? "RECORD" : "installed-files.txt"),
      )) {
        for (const module of modulesOfRecordPath(recordPath(line))) add(module, distribution);
      }
    }
  }
  return modules;
}

/** The module paths (one and two levels) a file installed by a distribution provides. */
export function modulesOfRecordPath(path: string): string[] {
  const [first = "", second, ...deeper] = path.replace(/\\/g, "/").split("/");
  if (first === "" || first === ".." || first === "__pycache__" || /\.(dist|egg)-info$/.test(first))
    return [];
  if (second === undefined) {
    const module = moduleFileName(first);
    return module ? [module] : [];
  }
  const result = [first];
  const child = deeper.length > 0 ? second : moduleFileName(second);
  if (child && child !== "__init__" && child !== "__pycache__") result.push(`${first}.${child}`);
  return result;
}

/** `six.py` → six; `_cffi_backend.cpython-311-x86_64-linux-gnu.so` → _cffi_backend; data files → undefined. */
function moduleFileName(file: string): string | undefined {
  const match = /^([A-Za-z_][\w]*)(?:\.[\w-]+)*\.(?:py|pyc|pyi|so|pyd)$/.exec(file);
  return match?.[1];
}

/** A RECORD line is CSV: `path,hash,size`, with the path quoted when it holds a comma. */
function recordPath(line: string): string {
  if (line.startsWith('"')) {
    const end = line.indexOf('"', 1);
    return end === -1 ? line.slice(1) : line.slice(1, end);
  }
  const comma = line.indexOf(",");
  return comma === -1 ? line : line.slice(0, comma);
}

function distributionName(metaDir: string, entry: string): string {
  for (const file of ["METADATA", "PKG-INFO"]) {
    const text = readText(join(metaDir, file));
    const match = text === undefined ? null : /^Name:[ \t]*(\S+)/m.exec(text.slice(0, 4096));
    if (match?.[1]) return match[1];
  }
  return entry.replace(/\.(dist|egg)-info$/, "").replace(/-[^-]*$/, "");
}

function readLines(file: string): string[] {
  const text = readText(file);
  if (text === undefined) return [];
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

function readText(file: string): string | undefined {
  try {
    return readRegularFile(file, file);
  } catch {
    return undefined; // metadata files are optional; a missing one only narrows what is known
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
