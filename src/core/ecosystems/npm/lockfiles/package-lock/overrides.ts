import { isObject, type JsonObject } from "./declared-deps.js";

/**
 * The root package.json's `overrides` (npm 8.3+): the spec npm installs a dependency with instead
 * of the range its dependent declares. The lockfile keeps the declared range and the overridden
 * version, so without this `lk outdated` would want a version npm never installs.
 *
 * Read: `"name": "spec"` (everywhere), `"name": { ".": "spec" }`, and one level of nesting,
 * `"parent": { "name": "spec" }` (only under `parent`); `$name` stands for the root's own spec of
 * `name`. Not read: selectors with a version (`"name@2"`) and deeper nesting; those keep the
 * declared range.
 */
export class NpmOverrides {
  private constructor(
    private readonly everywhere: ReadonlyMap<string, string>,
    private readonly underParent: ReadonlyMap<string, ReadonlyMap<string, string>>,
  ) {}

  static read(manifest: JsonObject, rootSpecs: ReadonlyMap<string, string>): NpmOverrides | undefined {
    const overrides = manifest.overrides;
    if (!isObject(overrides)) return undefined;
    const spec = (value: unknown): string | undefined => {
      if (typeof value !== "string" || value === "") return undefined;
      return value.startsWith("$") ? rootSpecs.get(value.slice(1)) : value;
    };
    const everywhere = new Map<string, string>();
    const underParent = new Map<string, Map<string, string>>();
    for (const [name, value] of Object.entries(overrides)) {
      if (name.includes("@", 1)) continue; // a version selector
      const own = isObject(value) ? spec(value["."]) : spec(value);
      if (own !== undefined) everywhere.set(name, own);
      if (!isObject(value)) continue;
      const children = new Map<string, string>();
      for (const [child, childValue] of Object.entries(value)) {
        const childSpec = child === "." || child.includes("@", 1) ? undefined : spec(childValue);
        if (childSpec !== undefined) children.set(child, childSpec);
      }
      if (children.size > 0) underParent.set(name, children);
    }
    return everywhere.size + underParent.size > 0 ? new NpmOverrides(everywhere, underParent) : undefined;
  }

  /** The spec npm installs `name` with when `parent` depends on it; undefined when no override applies. */
  specFor(parent: string, name: string): string | undefined {
    return this.underParent.get(parent)?.get(name) ?? this.everywhere.get(name);
  }
}
