import { join } from "node:path";
import { readRegularFile } from "../../core/files/read-regular-file.js";
import type { Finding } from "../../core/findings/types.js";

/**
 * The 1-based line where a finding's package appears in its lockfile, for SARIF and editors:
 * the parser's recorded line when it has one, else the first line naming the entry's key (JSON
 * lockfiles) or the package name. Lockfile texts are read once per report.
 */
export class LockfileLines {
  private readonly texts = new Map<string, string[] | undefined>();

  constructor(private readonly baseDir: string) {}

  lineOf(finding: Finding): number {
    const recorded = finding.locations.find((l) => l.line !== undefined)?.line;
    if (recorded !== undefined) return recorded;
    const lines = this.linesOf(finding.lockfile);
    if (!lines) return 1;
    const needles = [
      ...finding.locations.filter((l) => l.key).map((l) => `"${l.key}"`),
      `"${finding.package.displayName}"`,
      finding.package.displayName,
    ];
    for (const needle of needles) {
      const index = lines.findIndex((line) => line.includes(needle));
      if (index >= 0) return index + 1;
    }
    return 1;
  }

  private linesOf(lockfile: string): string[] | undefined {
    if (!this.texts.has(lockfile)) {
      try {
        this.texts.set(lockfile, readRegularFile(join(this.baseDir, lockfile), lockfile).split("\n"));
      } catch {
        this.texts.set(lockfile, undefined); // an SBOM given as a file, say: fall back to line 1
      }
    }
    return this.texts.get(lockfile);
  }
}
