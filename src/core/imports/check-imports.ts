import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageNameMatcher } from "../config/package-name-pattern.js";
import { dirnameRelative } from "../files/project-files.js";
import type { Ecosystem, Inventory } from "../model/types.js";
import {
  type DependencyScope,
  DependencyScopes,
  declarationKey,
  primarySource,
} from "./declared-dependencies.js";
import type { CheckImportsResult, ImportFinding, ImportLocation, ImportRule } from "./import-findings.js";
import { readInstalledModules, sitePackagesOf } from "./installed-python-modules.js";
import { LocalModules } from "./local-modules.js";
import { npmPackageOf } from "./npm-specifier.js";
import { productionFilter } from "./production-files.js";
import { walkProject } from "./project-tree.js";
import { distributionsForModule, isPythonStdlib, topLevelModule } from "./python-module-names.js";
import { scanSource } from "./scan-source.js";
import type { CheckImportsSettings } from "./settings.js";
import type { SourceImport } from "./types.js";
import { unusedDependencies } from "./unused-dependencies.js";

export interface CheckImportsInput {
  /** Absolute project directory. */
  root: string;
  /** The directory as the user gave it, for the report. */
  target: string;
  settings: CheckImportsSettings;
  /** The project's inventory, when it has lockfiles: their roots declare dependencies too. */
  inventory?: Inventory;
}

/** What one import resolved to, before it becomes (part of) a finding. */
interface Resolved {
  package: string;
  module?: string;
  rule?: Exclude<ImportRule, "unused">;
  declaredIn?: string;
}

/**
 * Checks that production source imports only packages its manifest declares as production
 * dependencies, and that every declared production dependency is imported somewhere.
 */
export function checkImports(input: CheckImportsInput): CheckImportsResult {
  const { root, settings } = input;
  const tree = walkProject(root, productionFilter(settings));
  const scopes = new DependencyScopes(root, tree, input.inventory);
  const installed = readInstalledModules(tree.venvs.flatMap((venv) => sitePackagesOf(join(root, venv))));
  for (const [module, distribution] of Object.entries(settings.pythonModules))
    installed.set(module, [distribution]);
  const ignored = packageNameMatcher(settings.ignore, foldCase);
  const local = new LocalModules(root);

  const result: CheckImportsResult = {
    target: input.target,
    files: {
      scanned: { js: 0, ts: 0, python: 0, component: 0 },
      nonProduction: tree.nonProduction,
      bytes: 0,
    },
    packageImports: 0,
    findings: [],
    unscoped: [],
    notes: [],
  };
  const grouped = new Map<string, ImportFinding>();
  const used = new Map<DependencyScope, Set<string>>();
  const scanned = new Set<DependencyScope>();

  for (const file of tree.sources) {
    const text = readFileSync(join(root, file.path), "utf8");
    result.files.scanned[file.language]++;
    result.files.bytes += text.length;
    const ecosystem: Ecosystem = file.language === "python" ? "pypi" : "npm";
    const fileDir = dirnameRelative(file.path);
    const scope = scopes.scopeFor(ecosystem, fileDir);
    if (scope) scanned.add(scope);
    let unscoped = false;
    for (const found of scanSource(text, file.language)) {
      if (found.typeOnly) continue;
      const resolve = ecosystem === "npm" ? resolveNpm : resolvePython;
      const outcome = resolve(found, { scope, fileDir, local, installed, ignored, scopes });
      if (!outcome) continue;
      result.packageImports++;
      if (!scope) {
        unscoped = true;
        continue;
      }
      if (!outcome.rule) {
        const set = used.get(scope) ?? new Set<string>();
        used.set(scope, set);
        set.add(declarationKey(ecosystem, outcome.package));
        continue;
      }
      const location: ImportLocation = {
        file: file.path,
        line: found.line,
        specifier: found.specifier,
        guarded: found.guarded,
      };
      addLocation(grouped, scope, outcome.rule, outcome, location);
    }
    if (unscoped) result.unscoped.push(file.path);
  }

  for (const finding of grouped.values()) {
    finding.severity = finding.locations.every((l) => l.guarded) ? "warning" : "error";
    result.findings.push(finding);
  }
  const exempt = packageNameMatcher(settings.unusedExempt, foldCase);
  for (const scope of scopes.all()) {
    if (!scanned.has(scope)) continue; // no production source of its own: nothing to judge by
    result.findings.push(...unusedDependencies(root, scope, used.get(scope) ?? new Set(), exempt));
  }
  result.findings.sort(compareFindings);
  if (tree.sources.length === 0)
    result.notes.push(
      "no production source file found (check the imports.production and imports.exclude globs)",
    );
  return result;
}

interface ResolveContext {
  scope: DependencyScope | undefined;
  fileDir: string;
  local: LocalModules;
  installed: Map<string, string[]>;
  ignored: (name: string) => boolean;
  scopes: DependencyScopes;
}

function resolveNpm(found: SourceImport, context: ResolveContext): Resolved | undefined {
  const name = npmPackageOf(found.specifier);
  if (name === undefined || context.ignored(name)) return undefined;
  const { scope } = context;
  if (!scope) return { package: name };
  if (scope.selfNames.has(name) || context.local.isLocalJs(found.specifier, scope.dir)) return undefined;
  return judge(context, scope, [name], { package: name });
}

function resolvePython(found: SourceImport, context: ResolveContext): Resolved | undefined {
  const module = found.specifier;
  const top = topLevelModule(module);
  if (isPythonStdlib(module) || context.ignored(top)) return undefined;
  const { scope } = context;
  if (!scope) return { package: top };
  if (scope.selfNames.has(declarationKey("pypi", top))) return undefined;
  if (context.local.isLocalPython(module, context.fileDir, scope.dir)) return undefined;
  const { candidates } = distributionsForModule(module, found.names, context.installed);
  const declared = candidates.find((candidate) => scope.declared.has(declarationKey("pypi", candidate)));
  const shown = declared ?? candidates[0] ?? top;
  return judge(context, scope, candidates, { package: shown, module: top });
}

/** Declared for production (prod, optional or peer), declared only for development, or not at all. */
function judge(context: ResolveContext, scope: DependencyScope, names: string[], base: Resolved): Resolved {
  const declarations = names
    .map((name) => scope.declared.get(declarationKey(scope.ecosystem, name)))
    .filter((d) => d !== undefined);
  const production = declarations.find((d) => d.kind !== "dev");
  if (production) return { ...base, package: production.name };
  const dev = declarations[0];
  if (dev) return { ...base, package: dev.name, rule: "dev-only", declaredIn: dev.source };
  for (const parent of context.scopes.ancestorsOf(scope)) {
    const inParent = names.some((name) => parent.declared.has(declarationKey(scope.ecosystem, name)));
    if (inParent) return { ...base, rule: "undeclared", declaredIn: primarySource(parent) };
  }
  return { ...base, rule: "undeclared" };
}

function addLocation(
  grouped: Map<string, ImportFinding>,
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
    if (outcome.module && declarationKey("pypi", outcome.module) !== declarationKey("pypi", outcome.package))
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
