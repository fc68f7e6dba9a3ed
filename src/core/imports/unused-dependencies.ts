import type { ImportResolver } from "../ecosystems/import-support.js";
import type { DependencyScope } from "./declared-dependencies.js";
import type { ImportFinding } from "./import-findings.js";

/**
 * Declared production dependencies of a scope that no production file imports, leaving out
 * configured exemptions and what the ecosystem knows to be used otherwise (type packages, npm
 * packages run as commands from the manifest's scripts).
 */
export function unusedDependencies(
  scope: DependencyScope,
  used: ReadonlySet<string>,
  exempt: (name: string) => boolean,
  resolver: ImportResolver,
): ImportFinding[] {
  const findings: ImportFinding[] = [];
  for (const [key, declaration] of scope.declared) {
    if (declaration.kind !== "prod" || !declaration.direct || used.has(key)) continue;
    if (exempt(declaration.name) || resolver.usedOtherwise?.(declaration.name, scope)) continue;
    findings.push({
      rule: "unused",
      severity: "warning",
      ecosystem: scope.ecosystem,
      package: declaration.name,
      manifest: declaration.source,
      locations: [],
    });
  }
  return findings;
}
