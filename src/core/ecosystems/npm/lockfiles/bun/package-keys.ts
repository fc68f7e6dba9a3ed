/**
 * bun.lock keys are install paths written with package names: `react` is hoisted to the top,
 * `@babel/core/semver` is the copy of `semver` nested under `@babel/core`, and a workspace's own
 * copies sit under the workspace's name (`@t3-oss/env-core/zod`). A dependency resolves as Node
 * resolves it from that place: the nearest enclosing copy wins, the top-level one last.
 */

/** The package names a key is made of: `@a/b/c/@d/e` → `@a/b`, `c`, `@d/e`. */
export function keyNames(key: string): string[] {
  const parts = key.split("/");
  const names: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (part.startsWith("@") && i + 1 < parts.length) {
      names.push(`${part}/${parts[i + 1]}`);
      i++;
    } else names.push(part);
  }
  return names;
}

/** The name a key installs its package under: its last name (an alias when it differs from the package's). */
export function installedName(key: string): string {
  return keyNames(key).at(-1) ?? key;
}

/**
 * The key a dependency named `name` resolves to from the package at `fromKey` (`""` for the
 * top), or undefined when no enclosing place holds it.
 */
export function resolveKey(fromKey: string, name: string, has: (key: string) => boolean): string | undefined {
  let prefix = fromKey;
  for (;;) {
    const candidate = prefix === "" ? name : `${prefix}/${name}`;
    if (has(candidate)) return candidate;
    if (prefix === "") return undefined;
    prefix = parentKey(prefix);
  }
}

/** The key of the place enclosing `key`: `@a/b/c/@d/e` → `@a/b/c`; a top-level key → `""`. */
function parentKey(key: string): string {
  const names = keyNames(key);
  names.pop();
  return names.join("/");
}
