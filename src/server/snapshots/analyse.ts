import { posix } from "node:path";
import { atOrAbove } from "../../core/advisories/severity/record-severity.js";
import { compareFindings, type ScanVerdict, scanVerdict } from "../../core/app/scan.js";
import { isLockkeeperError, type LockkeeperError } from "../../core/errors.js";
import { printable } from "../../core/files/printable.js";
import { MemoryFiles } from "../../core/files/project-files.js";
import { type SkippedPackage, scanInventory } from "../../core/findings/scan.js";
import type { Finding } from "../../core/findings/types.js";
import { isReplaced, parserForFile } from "../../core/inventory/detect-lockfiles.js";
import {
  type UnreadableLockfile,
  unreadableLockfiles,
  unreadableSnapshot,
} from "../../core/inventory/load-inventory.js";
import { parseLockfile } from "../../core/inventory/parse-lockfile.js";
import { buildLicenseReport, type LicenseReport } from "../../core/licenses/license-report.js";
import { compilePolicy, DEFAULT_LICENSE_POLICY } from "../../core/licenses/policy.js";
import { resolveLicenses } from "../../core/licenses/resolve-licenses.js";
import type { Inventory, PackageNode, Snapshot } from "../../core/model/types.js";
import { cycloneDxParser, spdxParser } from "../../core/sbom/index.js";
import type { AdvisoryData } from "../app.js";
import { HttpProblem } from "../problem.js";
import type { ActiveTriage } from "../triage/decisions.js";
import type { ProjectPolicy } from "./settings.js";
import { CONTROL_CHARACTERS, type Upload } from "./upload.js";

/** Everything a push decided, before it is stored. */
export interface Analysis {
  inventory: Inventory;
  /** Sorted most severe first (as `lk scan` sorts them). */
  findings: Finding[];
  /** Findings at or above `failOn`: what fails the gate. */
  failing: Finding[];
  licenses: LicenseReport;
  verdict: ScanVerdict;
  /** Why nothing was checked, when the verdict is `not-checked`. */
  notChecked?: string;
  checked: number;
  skipped: SkippedPackage[];
  unreadable: UnreadableLockfile[];
  policy: ProjectPolicy;
}

/**
 * Upper bounds, in UTF-8 bytes, on what identifies a component: names and versions go into a
 * btree index (entries up to ~2.7 kB); real ones are far shorter (npm caps names at 214).
 */
const IDENTITY_LIMITS = { name: 1024, version: 256, purl: 4096, license: 8192 } as const;

const NO_LOCKFILE_HINT =
  "send the lockfiles (package-lock.json, npm-shrinkwrap.json, pnpm-lock.yaml, yarn.lock, bun.lock, poetry.lock, uv.lock, Pipfile.lock, pdm.lock, pylock.toml, requirements*.txt) with the manifests beside them, or an SBOM as application/vnd.cyclonedx+json or application/spdx+json";

/**
 * A push's analysis, as `lk scan` would make it of the same files: the inventory from the core
 * parsers, findings against the server's advisory data, licences (from the lockfiles: the server
 * has no installed packages and asks no registry) judged by the project's policy, and the verdict.
 */
export async function analyse(
  upload: Upload,
  policy: ProjectPolicy,
  advisories: AdvisoryData,
  triage?: ActiveTriage,
): Promise<Analysis> {
  refuseNul(upload);
  const inventory = upload.kind === "lockfiles" ? lockfileInventory(upload) : sbomInventory(upload);
  checkIdentities(inventory);
  const scan = await scanInventory(inventory, advisories.store, undefined, {
    coveredEcosystems: advisories.coveredEcosystems,
  });
  const findings = scan.findings.sort(compareFindings);
  const failOn = policy.failOn;
  // A triage decision that puts a finding out of the gate (not_affected, fixed, accepted risk)
  // works as an ignore does in `lk scan`.
  const failing =
    failOn === "none"
      ? []
      : findings.filter(
          (f) =>
            atOrAbove(f.severity.level, failOn, policy.unknownSeverity) &&
            !triage?.decisionFor(f)?.suppresses,
        );
  const licensed = await resolveLicenses(inventory, { projectDir: "/", installed: false });
  const licenses = buildLicenseReport(
    licensed,
    compilePolicy({ ...DEFAULT_LICENSE_POLICY, ...policy.licenses }),
  );
  const unreadable = unreadableLockfiles(inventory);
  // As `lk scan` decides, plus the licence policy: a denied licence fails a server gate too.
  const verdict = scanVerdict(scan.checked, unreadable.length, failing.length + licenses.violations.length);
  return {
    inventory,
    findings,
    failing,
    licenses,
    verdict,
    ...(scan.checked === 0 ? { notChecked: notCheckedReason(inventory, scan.skipped.length) } : {}),
    checked: scan.checked,
    skipped: scan.skipped,
    unreadable,
    policy,
  };
}

/**
 * The lockfiles among the uploaded files (manifests are read through MemoryFiles by the parsers
 * that want them). One unreadable lockfile among readable ones makes the verdict incomplete, as in
 * `lk scan`; when none can be read there is nothing to store: 422.
 */
function lockfileInventory(upload: Upload): Inventory {
  const contents = Object.fromEntries(upload.files.map((file) => [file.path, file.content]));
  const files = new MemoryFiles(contents);
  const snapshots: Snapshot[] = [];
  const errors: LockkeeperError[] = [];
  for (const file of [...upload.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const name = posix.basename(file.path);
    const parser = parserForFile(name, () => file.content, true);
    if (!parser) continue;
    // A file replaced by one beside it (a pip-tools input beside its compiled lock) is left out.
    const dir = file.path.slice(0, file.path.length - name.length);
    if (isReplaced(parser, name, { has: (sibling) => contents[`${dir}${sibling}`] !== undefined })) continue;
    try {
      snapshots.push(parseLockfile(parser, { path: file.path, content: file.content, files }));
    } catch (error: unknown) {
      if (!isLockkeeperError(error)) throw error;
      errors.push(error);
      snapshots.push(unreadableSnapshot(file.path, parser, error));
    }
  }
  if (snapshots.length === 0) {
    throw new HttpProblem(422, "none of the uploaded files is a lockfile or SBOM Lockkeeper reads", {
      hint: NO_LOCKFILE_HINT,
      files: upload.files.map((file) => file.path),
    });
  }
  if (errors.length === snapshots.length) {
    throw new HttpProblem(422, `no lockfile could be read: ${errors.map((e) => e.message).join("; ")}`);
  }
  return { target: ".", snapshots };
}

/** An SBOM body is the one file of its snapshot: a body that does not read as one is a bad request. */
function sbomInventory(upload: Upload): Inventory {
  const [file] = upload.files as [Upload["files"][number]];
  const parser = upload.kind === "cyclonedx" ? cycloneDxParser : spdxParser;
  if (parser.sniff && !parser.sniff(file.content, file.path)) {
    throw new HttpProblem(
      400,
      `the body is not ${upload.kind === "cyclonedx" ? "a CycloneDX" : "an SPDX"} JSON document`,
    );
  }
  try {
    const files = new MemoryFiles({ [file.path]: file.content });
    return {
      target: ".",
      snapshots: [parseLockfile(parser, { path: file.path, content: file.content, files })],
    };
  } catch (error: unknown) {
    if (isLockkeeperError(error)) throw new HttpProblem(400, error.message);
    throw error;
  }
}

/** NUL, raw or as a JSON escape (`\u0000`): never in a real lockfile or SBOM. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding this character is the point.
const NUL = /\u0000|\\u0000/i;

/**
 * Files holding NUL are refused before parsing: no lockfile or SBOM has one, PostgreSQL text
 * cannot store it, and the core's snapshot builder uses it as a key separator, so a name with one
 * would vanish from the inventory without a word.
 */
function refuseNul(upload: Upload): void {
  const file = upload.files.find((f) => NUL.test(f.content));
  if (file)
    throw new HttpProblem(422, `${file.path} contains a NUL character, which no lockfile or SBOM holds`);
}

/**
 * Names, versions, purls and licences end up in the database, in indexes and on terminals: a
 * control character (NUL cannot even be stored as text) or an absurd length is refused, naming
 * the first few offenders, before anything is written.
 */
function checkIdentities(inventory: Inventory): void {
  const problems: { lockfile: string; package: string; detail: string }[] = [];
  for (const snapshot of inventory.snapshots) {
    for (const pkg of snapshot.packages) {
      const problem = identityProblem(pkg);
      if (problem) {
        problems.push({
          lockfile: snapshot.lockfile.path,
          package: printable(pkg.name.length > 200 ? `${pkg.name.slice(0, 200)}…` : pkg.name),
          detail: problem,
        });
        if (problems.length >= 20) break;
      }
    }
  }
  if (problems.length === 0) return;
  throw new HttpProblem(
    422,
    `${problems.length === 20 ? "20 or more" : problems.length} package entries cannot be stored: ${problems[0]?.detail}`,
    { errors: problems },
  );
}

function identityProblem(pkg: PackageNode): string | undefined {
  const fields: [string, string | undefined, number][] = [
    ["name", pkg.name, IDENTITY_LIMITS.name],
    ["name", pkg.displayName, IDENTITY_LIMITS.name],
    ["version", pkg.version, IDENTITY_LIMITS.version],
    ["purl", pkg.purl, IDENTITY_LIMITS.purl],
    ["licence", pkg.license, IDENTITY_LIMITS.license],
  ];
  for (const [field, value, limit] of fields) {
    if (value === undefined) continue;
    if (CONTROL_CHARACTERS.test(value)) return `the ${field} contains control characters`;
    if (Buffer.byteLength(value) > limit) return `the ${field} is longer than ${limit} bytes`;
  }
  return undefined;
}

function notCheckedReason(inventory: Inventory, skipped: number): string {
  const packages = inventory.snapshots.reduce((sum, s) => sum + s.packages.length, 0);
  if (packages === 0) return "no package version was checked: the upload lists no packages";
  return `no package version was checked: none of the ${skipped} package${skipped === 1 ? "" : "s"} has an exact version from a registry covered by the advisory data`;
}
