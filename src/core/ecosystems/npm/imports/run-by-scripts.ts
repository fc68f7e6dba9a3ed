import { join } from "node:path";
import { dirnameRelative, joinRelative } from "../../../files/project-files.js";
import { readRegularFile } from "../../../files/read-regular-file.js";

/**
 * Whether a package is run as a command from a manifest's `scripts`: by its name, or by a `bin`
 * name read from an installed copy in the nearest node_modules at or above the scope.
 */
export function runByScripts(root: string, scopeDir: string, scripts: string, name: string): boolean {
  if (scripts === "") return false;
  const commands = [name.slice(name.lastIndexOf("/") + 1), ...installedBins(root, scopeDir, name)];
  return commands.some((command) =>
    new RegExp(`(^|[\\s;&|(/"'])${escapeRegExp(command)}($|[\\s;&|)"'])`).test(scripts),
  );
}

function installedBins(root: string, scopeDir: string, name: string): string[] {
  for (let dir = scopeDir; ; dir = dirnameRelative(dir)) {
    try {
      const manifest = joinRelative(dir, "node_modules", name, "package.json");
      const text = readRegularFile(join(root, manifest), manifest);
      const bin = (JSON.parse(text) as { bin?: unknown }).bin;
      if (typeof bin === "string") return [name.slice(name.lastIndexOf("/") + 1)];
      if (typeof bin === "object" && bin !== null) return Object.keys(bin);
      return [];
    } catch {
      // not installed here (or unreadable): try the folder above
    }
    if (dir === ".") return [];
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
