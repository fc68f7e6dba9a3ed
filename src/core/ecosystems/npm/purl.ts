import type { PurlConvention } from "../../model/purl.js";

/**
 * npm in package URLs: `pkg:npm/%40scope/name@1.0.0` (the scope, with its `@`, is the namespace).
 * SBOM components carry the package name (CycloneDX puts the scope in `group`).
 */
export const npmPurl: PurlConvention = {
  type: "npm",
  split(name) {
    const slash = name.indexOf("/");
    return name.startsWith("@") && slash > 1 && slash < name.length - 1
      ? { namespace: name.slice(0, slash), name: name.slice(slash + 1) }
      : { name };
  },
  join(namespace, name) {
    // The purl spec writes the scope with its "@" (percent-encoded); some tools drop it.
    const scope = namespace?.startsWith("@") ? namespace : namespace && `@${namespace}`;
    return scope ? `${scope}/${name}` : name;
  },
  componentName: (pkg) => pkg.name,
  developmentProperty: "cdx:npm:package:development",
};
