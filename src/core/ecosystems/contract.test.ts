/**
 * The shared contract every lockfile parser passes, on every real fixture of its format.
 * A parser that is registered without fixtures fails here, so nothing escapes the suite.
 */
import { describe, expect, it } from "vitest";
import { LOCKFILE_FIXTURES } from "../../test-support/fixtures.js";
import { parseFixture, readFixture } from "../../test-support/parse-fixture.js";
import { isLockkeeperError } from "../errors.js";
import { MemoryFiles } from "../files/project-files.js";
import { parsePurl } from "../model/purl.js";
import { SCOPES } from "../model/types.js";
import { ECOSYSTEMS } from "./index.js";

const UNPINNED_FORMATS = new Set(["requirements-in"]);

for (const adapter of ECOSYSTEMS) {
  for (const parser of adapter.lockfileParsers) {
    describe(`contract: ${parser.format}`, () => {
      const fixtures = LOCKFILE_FIXTURES[parser.format as keyof typeof LOCKFILE_FIXTURES] ?? [];

      it("has real fixtures", () => {
        expect(fixtures.length).toBeGreaterThan(0);
        expect(parser.ecosystem).toBe(adapter.ecosystem);
      });

      for (const fixture of fixtures) {
        describe(`${fixture.dir}/${fixture.lockfile}`, () => {
          const snapshot = parseFixture(parser, fixture);

          it("claims its own file name", () => {
            expect(parser.matchesFileName(fixture.lockfile.split("/").pop() as string)).toBe(true);
          });

          it("describes the lockfile", () => {
            expect(snapshot.lockfile.format).toBe(parser.format);
            expect(snapshot.lockfile.ecosystem).toBe(adapter.ecosystem);
            expect(snapshot.lockfile.path).toBe(fixture.lockfile);
            expect(snapshot.lockfile.formatVersion).not.toBe("");
          });

          it("finds packages and accounts for every entry", () => {
            expect(snapshot.packages.length).toBeGreaterThan(0);
            const { entries, parsed, skipped } = snapshot.coverage;
            expect(parsed + skipped.length).toBe(entries);
            expect(parsed).toBeGreaterThan(0);
            for (const s of skipped) expect(s.reason).not.toBe("");
          });

          it("gives every package a normalised name, a version, a purl and a scope", () => {
            const ids = new Set<string>();
            for (const pkg of snapshot.packages) {
              expect(ids.has(pkg.id)).toBe(false);
              ids.add(pkg.id);
              expect(pkg.ecosystem).toBe(adapter.ecosystem);
              expect(pkg.name).toBe(adapter.normaliseName(pkg.name));
              expect(adapter.normaliseName(pkg.displayName)).toBe(pkg.name);
              expect(SCOPES).toContain(pkg.scope);
              if (!UNPINNED_FORMATS.has(parser.format) && pkg.source.kind === "registry") {
                expect(pkg.version, pkg.id).toBeTruthy();
              }
              const purl = parsePurl(pkg.purl);
              expect(purl?.type).toBe(adapter.ecosystem);
              expect(purl?.version).toBe(pkg.version);
            }
          });

          it("has edges only between known roots and packages", () => {
            const known = new Set([
              ...snapshot.roots.map((r) => r.id),
              ...snapshot.packages.map((p) => p.id),
            ]);
            expect(snapshot.roots.length).toBeGreaterThan(0);
            for (const edge of snapshot.edges) {
              expect(known.has(edge.from), edge.from).toBe(true);
              expect(known.has(edge.to), edge.to).toBe(true);
            }
          });

          it("has direct dependencies and derives direct from root edges", () => {
            expect(snapshot.packages.some((p) => p.direct)).toBe(true);
            const rootIds = new Set(snapshot.roots.map((r) => r.id));
            for (const edge of snapshot.edges) {
              if (rootIds.has(edge.from)) {
                expect(snapshot.packages.find((p) => p.id === edge.to)?.direct).toBe(true);
              }
            }
          });

          it("is deterministic", () => {
            expect(JSON.stringify(parseFixture(parser, fixture))).toBe(JSON.stringify(snapshot));
          });
        });
      }

      it("rejects garbage with a LockkeeperError naming the file", () => {
        const path = `dir/${fixtures[0]?.lockfile.split("/").pop() ?? "lockfile"}`;
        for (const content of ["\u0000\u0001garbage{{{[[[\n\t:::", "{", "[1, 2, 3]"]) {
          try {
            const snapshot = parser.parse({ path, content, files: new MemoryFiles({}) });
            // Line-based formats may read garbage as "no entries"; they must then say so.
            expect(snapshot.coverage.parsed === 0 || snapshot.coverage.skipped.length > 0).toBe(true);
          } catch (error: unknown) {
            expect(isLockkeeperError(error), String(error)).toBe(true);
            if (isLockkeeperError(error)) expect(error.file).toBe(path);
          }
        }
      });

      it("never throws anything but a LockkeeperError on a truncated file", () => {
        for (const fixture of fixtures) {
          const { content, files } = readFixture(fixture);
          for (const fraction of [0.37, 0.5, 0.93]) {
            try {
              parser.parse({
                path: fixture.lockfile,
                content: content.slice(0, Math.floor(content.length * fraction)),
                files,
              });
            } catch (error: unknown) {
              expect(isLockkeeperError(error), String(error)).toBe(true);
            }
          }
        }
      });
    });
  }
}
