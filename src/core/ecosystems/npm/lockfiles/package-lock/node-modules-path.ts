/**
 * Keys of a v2/v3 `packages` map are install paths (`node_modules/a/node_modules/@s/b`,
 * `workspaces/x`); these helpers read them the way node's module resolution does.
 */

const NODE_MODULES = "node_modules/";

/**
 * Where the last `node_modules/` segment of a key starts, or -1 for a project folder (the root,
 * a workspace, a `file:` target). One scan gives both the installed name and the parent folder.
 */
export function installSlot(key: string): number {
  const index = key.lastIndexOf(NODE_MODULES);
  return index === 0 || (index > 0 && key.charCodeAt(index - 1) === SLASH) ? index : -1;
}

const SLASH = 47;

/** The name a package is installed under: what follows the last `node_modules/`. */
export function installedName(key: string, slot = installSlot(key)): string {
  return slot < 0 ? (key.split("/").pop() ?? key) : key.slice(slot + NODE_MODULES.length);
}

/**
 * The folder whose node_modules `require()` looks in after a package's own: for an installed
 * package, the folder holding the node_modules it sits in ("" for the project's own); for a
 * project folder, the enclosing folder. Undefined above the project root.
 */
export function parentDir(key: string, slot = installSlot(key)): string | undefined {
  if (key === "") return undefined;
  if (slot >= 0) return slot === 0 ? "" : key.slice(0, slot - 1);
  const slash = key.lastIndexOf("/");
  return slash < 0 ? "" : key.slice(0, slash);
}

/**
 * Whether a folder matches the root's `workspaces` globs (`packages/*`, `apps/**`, `docs`).
 * Only the glob forms npm documents are supported: `*` within a segment, `**` across segments.
 */
export function workspaceMatcher(patterns: readonly string[]): (folder: string) => boolean {
  const regexes = patterns
    .filter((p) => !p.startsWith("!"))
    .map((pattern) => {
      const clean = pattern.replace(/^\.\//, "").replace(/\/+$/, "");
      const source = clean
        .split("/")
        .map((segment) =>
          segment === "**"
            ? ".*"
            : segment
                .split("*")
                .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
                .join("[^/]*"),
        )
        .join("/");
      return new RegExp(`^${source}$`);
    });
  return (folder) => regexes.some((regex) => regex.test(folder));
}
