/**
 * bun.lock keys are install paths written with package names: `react` is hoisted to the top,
 * `@babel/core/semver` is the copy of `semver` nested under `@babel/core`, and a workspace's own
 * copies sit under the workspace's name (`@t3-oss/env-core/zod`). A dependency resolves as Node
 * resolves it from that place: the nearest enclosing copy wins, the top-level one last.
 *
 * Keys are cut from the end, never split whole: a lockfile has thousands of them and each
 * dependency walks up its enclosing keys.
 */

/** Where the last package name of a key starts: after the `/` before it, or before its `@scope/`. */
function lastNameStart(key: string): number {
  const last = key.lastIndexOf("/");
  if (last < 0) return 0;
  const before = key.lastIndexOf("/", last - 1);
  // `a/@scope/name`: the name is `@scope/name`, which starts after the slash before the scope.
  return key.charCodeAt(before + 1) === 64 /* @ */ ? before + 1 : last + 1;
}

/** The name a key installs its package under: its last name (an alias when it differs from the package's). */
export function installedName(key: string): string {
  return key.slice(lastNameStart(key));
}

/** The key of the place enclosing `key`: `@a/b/c/@d/e` → `@a/b/c`; a top-level key → `""`. */
export function parentKey(key: string): string {
  const start = lastNameStart(key);
  return start === 0 ? "" : key.slice(0, start - 1);
}
