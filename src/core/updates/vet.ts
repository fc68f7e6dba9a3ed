import { packageNameMatcher } from "../config/package-name-pattern.js";
import { licenseReading } from "../ecosystems/index.js";
import type { Release } from "../ecosystems/registry/releases.js";
import type { Finding } from "../findings/types.js";
import { normaliseLicense } from "../licenses/normalise.js";
import type { CompiledPolicy } from "../licenses/policy.js";
import type { Ecosystem, Scope } from "../model/types.js";

export type VetCheckKind = "vulnerability" | "licence" | "release-age" | "deprecation" | "install-script";

/** One concern about a package a change brings in; `fail` refuses the change unless forced. */
export interface VetProblem {
  check: VetCheckKind;
  level: "fail" | "warn";
  /** `name@version` */
  package: string;
  message: string;
}

/** A package a change adds or moves to a new version, with what its registry says about it. */
export interface VetCandidate {
  ecosystem: Ecosystem;
  name: string;
  version: string;
  /** The package the user asked for (others came with it). */
  requested: boolean;
  scope: Scope;
  release?: Release;
  /** npm: the lockfile or registry says it runs install scripts. */
  hasInstallScript?: boolean;
}

export interface VetSettings {
  minimumReleaseAgeDays: number;
  /** npm package names or name patterns allowed to run install scripts. */
  allowInstallScripts: readonly string[];
  policy: CompiledPolicy;
  now: Date;
}

const DAY_MS = 86_400_000;

/**
 * Judges what a change brings before it is made: known vulnerabilities in the new versions, licences
 * against the policy, release age against the cool-down, deprecated or yanked releases, and npm
 * install scripts. The requested package fails on each; packages that come with it fail on
 * vulnerabilities, denied licences and install scripts, and warn on age and deprecation (a fresh
 * transitive release is common and the requested package's maintainers chose it).
 */
export function vetChange(
  candidates: readonly VetCandidate[],
  introduced: readonly Finding[],
  settings: VetSettings,
): VetProblem[] {
  const problems: VetProblem[] = [];
  const scriptsAllowed = packageNameMatcher(settings.allowInstallScripts);
  for (const finding of introduced) {
    problems.push({
      check: "vulnerability",
      level: "fail",
      package: `${finding.package.displayName}@${finding.package.version}`,
      message: `${finding.id} (${finding.severity.level}${finding.severity.score !== undefined ? ` ${finding.severity.score}` : ""})${finding.summary ? `: ${finding.summary}` : ""}`,
    });
  }
  for (const candidate of candidates) {
    const label = `${candidate.name}@${candidate.version}`;
    const soft = candidate.requested ? "fail" : "warn";
    const release = candidate.release;
    const verdict = settings.policy.evaluate(
      normaliseLicense(release?.license, licenseReading(candidate.ecosystem)),
      candidate.scope,
    );
    if (verdict.outcome === "deny" || verdict.outcome === "review") {
      problems.push({
        check: "licence",
        level: verdict.outcome === "deny" ? "fail" : "warn",
        package: label,
        message: `licence ${release?.license ?? "unknown"}: ${verdict.reasons.join("; ") || verdict.outcome}`,
      });
    }
    if (release?.publishedAt && settings.minimumReleaseAgeDays > 0) {
      const ageDays = (settings.now.getTime() - Date.parse(release.publishedAt)) / DAY_MS;
      if (ageDays < settings.minimumReleaseAgeDays) {
        problems.push({
          check: "release-age",
          level: soft,
          package: label,
          message: `published ${ageText(ageDays)} ago, younger than the ${settings.minimumReleaseAgeDays}-day cool-down`,
        });
      }
    }
    if (release?.deprecated) {
      problems.push({
        check: "deprecation",
        level: soft,
        package: label,
        message: `deprecated: ${release.deprecated}`,
      });
    }
    if (release?.yanked !== undefined) {
      const reason = release.yanked === true ? "" : `: ${release.yanked}`;
      problems.push({ check: "deprecation", level: soft, package: label, message: `yanked${reason}` });
    }
    if (candidate.hasInstallScript && !scriptsAllowed(candidate.name)) {
      problems.push({
        check: "install-script",
        level: "fail",
        package: label,
        message: "runs install scripts (allow it with updates.allowInstallScripts)",
      });
    }
  }
  return problems;
}

function ageText(days: number): string {
  if (days < 1) return `${Math.max(1, Math.round(days * 24))} h`;
  return `${Math.floor(days)} d`;
}
