import { readFileSync } from "node:fs";

/** The package version, read once from package.json (dist/src/cli → repository root, or src/cli in tests). */
export function toolVersion(): string {
  for (const relative of ["../../../package.json", "../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === "lockkeeper" && pkg.version) return pkg.version;
    } catch {
      // try the next layout
    }
  }
  return "0.0.0";
}
