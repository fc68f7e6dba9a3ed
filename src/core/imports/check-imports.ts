import { join } from "node:path";
import { packageNameMatcher } from "../config/package-name-pattern.js";
import type { ImportingAdapter, ImportResolver } from "../ecosystems/import-support.js";
import { dirnameRelative } from "../files/project-files.js";
import { readRegularFile } from "../files/read-regular-file.js";
import type { Ecosystem, Inventory } from "../model/types.js";
import { type DependencyScope, DependencyScopes, primarySource } from "./declared-dependencies.js";
import type { CheckImportsResult, ImportFinding, ImportLocation, ImportRule } from "./import-findings.js";
import { productionFilter } from "./production-files.js";
import { walkProject } from "./project-tree.js";
import type { CheckImportsSettings } from "./settings.js";
import { unusedDependencies } from "./unused-dependencies.js";

export interface CheckImportsInput {
  /** Absolute project directory. */
  root: string;
  /** The directory as the user gave it, for the report. */
  target: string;
  settings: CheckImportsSettings;
  /** The project's inventory, when it has lockfiles: their roots declare dependencies too. */
  inventory?: Inventory;
  /** The ecosystems taking part, with their import support loaded (`importingEcosystems()`). */
  ecosystems: readonly ImportingAdapter[];
}

/** What one import resolved to, before it becomes (part of) a finding. */
interface Resolved {
  package: string;
  /** The name it was imported by. */
  module: string;
  rule?: Exclude<ImportRule, "unused">;
  declaredIn?: string;
}

/**
 * Checks that production source imports only packages its manifest declares as production
 * dependencies, and that every declared production dependency is imported somewhere. Every
 * registered ecosystem with import support takes part.
 */
export function checkImports(input: CheckImportsInput): CheckImportsResult {
  const { root, settings } = input;
  const adapters = input.ecosystems;
  const tree = walkProject(root, productionFilter(settings), adapters);
  const scopes = new DependencyScopes(root, adapters, tree.manifests, input.inventory);
  const resolvers = new Map<Ecosystem, ImportResolver>();
  for (const adapter of adapters) {
    const environments = tree.environments.get(adapter.ecosystem) ?? [];
    resolvers.set(adapter.ecosystem, adapter.imports.resolver({ root, environments, settings }));
  }
  const ignored = packageNameMatcher(settings.ignore, foldCase);

  const result: CheckImportsResult = {
    target: input.target,
    files: { scanned: scannedCounts(adapters), nonProduction: tree.nonProduction, bytes: 0 },
    packageImports: 0,
    findings: [],
    unscoped: [],
    notes: [],
  };
  const grouped = new Map<string, ImportFinding>();
  const used = new Map<DependencyScope, Set<string>>();
  /** Scopes with production source of their own, and their ecosystem's resolver. */
  const scanned = new Map<DependencyScope, ImportResolver>();

  for (const file of tree.sources) {
    const text = readRegularFile(join(root, file.path), file.path);
    result.files.scanned[file.language] = (result.files.scanned[file.language] ?? 0) + 1;
    result.files.bytes += text.length;
    const { adapter } = file;
    const resolver = resolvers.get(adapter.ecosystem);
    if (!resolver) throw new Error(`no import resolver for ${adapter.ecosystem}`); // walked from `adapters`
    const fileDir = dirnameRelative(file.path);
    const scope = scopes.scopeFor(adapter.ecosystem, fileDir);
    if (scope) scanned.set(scope, resolver);
    let unscoped = false;
    for (const found of adapter.imports.scan(text, file.language)) {
      if (found.typeOnly) continue;
      const name = resolver.importedName(found);
      if (name === undefined || ignored(name)) continue;
      if (!scope) {
        result.packageImports++;
        unscoped = true;
        continue;
      }
      if (scope.selfNames.has(adapter.normaliseName(name))) continue;
      const providers = resolver.providers(found, name, { fileDir, scopeDir: scope.dir });
      if (!providers) continue;
      result.packageImports++;
      const outcome = judge(adapter, scopes, scope, providers, {
        package: providers[0] ?? name,
        module: name,
      });
      if (!outcome.rule) {
        const set = used.get(scope) ?? new Set<string>();
        used.set(scope, set);
        set.add(adapter.normaliseName(outcome.package));
        continue;
      }
      const location: ImportLocation = {
        file: file.path,
        line: found.line,
        specifier: found.specifier,
        guarded: found.guarded,
      };
      addLocation(grouped, adapter, scope, outcome.rule, outcome, location);
    }
    if (unscoped) result.unscoped.push(file.path);
  }

  for (const finding of grouped.values()) {
    finding.severity = finding.locations.every((l) => l.guarded) ? "warning" : "error";
    result.findings.push(finding);
  }
  const exempt = packageNameMatcher(settings.unusedExempt, foldCase);
  for (const scope of scopes.all()) {
    const resolver = scanned.get(scope);
    if (!resolver) continue; // no production source of its own: nothing to judge by
    result.findings.push(...unusedDependencies(scope, used.get(scope) ?? new Set(), exempt, resolver));
  }
  result.findings.sort(compareFindings);
  if (tree.sources.length === 0)
    result.notes.push(
      "no production source file found (check the imports.production and imports.exclude globs)",
    );
  return result;
}

/**
 * The order of `files.scanned`: the JSON report has always listed these four so, and keeps doing
 * so byte for byte; languages of other ecosystems follow.
 */
const LANGUAGE_ORDER = ["js", "ts", "python", "component"];

function scannedCounts(adapters: readonly ImportingAdapter[]): Record<string, number> {
  const languages = new Set(adapters.flatMap((adapter) => Object.values(adapter.imports.sourceExtensions)));
  const rank = (language: string) => {
    const index = LANGUAGE_ORDER.indexOf(language);
    return index === -1 ? LANGUAGE_ORDER.length : index;
  };
  return Object.fromEntries(
    [...languages].sort((a, b) => rank(a) - rank(b)).map((language) => [language, 0]),
  );
}

/** Declared for production (prod, optional or peer), declared only for development, or not at all. */
function judge(
  adapter: ImportingAdapter,
  scopes: DependencyScopes,
  scope: DependencyScope,
  providers: readonly string[],
  base: Resolved,
): Resolved {
  const declarations = providers
    .map((name) => scope.declared.get(adapter.normaliseName(name)))
    .filter((d) => d !== undefined);
  const production = declarations.find((d) => d.kind !== "dev");
  if (production) return { ...base, package: production.name };
  const dev = declarations[0];
  if (dev) return { ...base, package: dev.name, rule: "dev-only", declaredIn: dev.source };
  for (const parent of scopes.ancestorsOf(scope)) {
    const inParent = providers.some((name) => parent.declared.has(adapter.normaliseName(name)));
    if (inParent) return { ...base, rule: "undeclared", declaredIn: primarySource(parent) };
  }
  return { ...base, rule: "undeclared" };
}

function addLocation(
  grouped: Map<string, ImportFinding>,
  adapter: ImportingAdapter,
  scope: DependencyScope,
  rule: Exclude<ImportRule, "unused">,
  outcome: Resolved,
  location: ImportLocation,
): void {
  const key = `${scope.ecosystem}:${scope.dir}:${rule}:${outcome.package}`;
  let finding = grouped.get(key);
  if (!finding) {
    finding = {
      rule,
      severity: "error",
      ecosystem: scope.ecosystem,
      package: outcome.package,
      manifest: primarySource(scope),
      locations: [],
    };
    // Python imports `yaml` from PyYAML: name the module when it is not the package's own name.
    if (adapter.normaliseName(outcome.module) !== adapter.normaliseName(outcome.package))
      finding.module = outcome.module;
    if (outcome.declaredIn) finding.declaredIn = outcome.declaredIn;
    grouped.set(key, finding);
  }
  finding.locations.push(location);
}

/** Import names mix npm and Python spellings, so their patterns match regardless of case. */
function foldCase(name: string): string {
  return name.toLowerCase();
}

const RULE_ORDER: Record<ImportRule, number> = { "dev-only": 0, undeclared: 1, unused: 2 };

function compareFindings(a: ImportFinding, b: ImportFinding): number {
  return (
    (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1) ||
    RULE_ORDER[a.rule] - RULE_ORDER[b.rule] ||
    a.package.localeCompare(b.package, "en") ||
    a.manifest.localeCompare(b.manifest, "en")
  );
}
