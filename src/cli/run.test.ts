import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOCKFILES, REPO_ROOT } from "../test-support/fixtures.js";
import { bufferIo } from "./io.js";
import { run } from "./run.js";

async function lk(args: string[], cwd = REPO_ROOT) {
  const io = bufferIo(cwd);
  const code = await run(args, io);
  return { code, out: io.out, err: io.err };
}

describe("lk inventory", () => {
  it("summarises every lockfile and ecosystem of the example project, and lists packages with -p", async () => {
    const { code, out, err } = await lk(["inventory", "examples/goats"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toMatch(/^LOCKFILE\s+ECOSYSTEM\s+FORMAT/m);
    expect(out).toMatch(/^package-lock\.json\s+npm\s+package-lock 2\s/m);
    expect(out).toMatch(/^requirements\.txt\s+pypi\s+requirements pip\s+34\s/m);
    expect(out).toMatch(/^total\s+2\s+1125\s+378\s+711\s+36\s+0\s+70\s+1055$/m);
    expect(out).toContain("1125 packages in 2 lockfiles.");
    expect(out).not.toMatch(/^Django/m);
    expect(out.split("\n").length).toBeLessThan(20);
    const listed = await lk(["inventory", "examples/goats", "-p"]);
    expect(listed.out).toMatch(/^Django\s+4\.2\s+prod\s+direct\s+registry\s+requirements\.txt$/m);
  });

  it("writes stable JSON that filters by scope", async () => {
    const all = JSON.parse((await lk(["inventory", "examples/goats/package-lock.json", "-f", "json"])).out);
    const prod = JSON.parse(
      (await lk(["inventory", "examples/goats/package-lock.json", "-f", "json", "--scope", "prod"])).out,
    );
    expect(all.schemaVersion).toBe(1);
    expect(all.lockfiles).toHaveLength(1);
    const [lock] = all.lockfiles;
    expect(lock).toMatchObject({
      path: "package-lock.json",
      format: "package-lock",
      ecosystem: "npm",
      formatVersion: "2",
    });
    expect(lock.summary.packages).toBe(lock.packages.length);
    const prodLock = prod.lockfiles[0];
    expect(prodLock.packages.length).toBe(lock.summary.packages - lock.summary.byScope.dev);
    expect(prodLock.packages.every((p: { scope: string }) => p.scope !== "dev")).toBe(true);
    const kept = new Set(prodLock.packages.map((p: { id: string }) => p.id));
    for (const edge of prodLock.edges) expect(kept.has(edge.to)).toBe(true);
  });

  it("writes one CSV row per package", async () => {
    const { out } = await lk(["inventory", "examples/goats/requirements.txt", "-f", "csv"]);
    const lines = out.trim().split("\n");
    expect(lines[0]).toBe("lockfile,ecosystem,name,display_name,version,scope,direct,source,purl");
    expect(lines).toHaveLength(35);
    expect(lines).toContain("requirements.txt,pypi,pyyaml,PyYAML,5.1,prod,true,registry,pkg:pypi/pyyaml@5.1");
  });

  it("reads an SBOM as an inventory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lk-sbom-"));
    const sbomPath = join(dir, "bom.cdx.json");
    expect((await lk(["sbom", "examples/goats/requirements.txt", "-o", sbomPath])).code).toBe(0);
    const fromSbom = JSON.parse((await lk(["inventory", sbomPath, "-f", "json"])).out);
    const fromLock = JSON.parse(
      (await lk(["inventory", "examples/goats/requirements.txt", "-f", "json"])).out,
    );
    const ids = (doc: { lockfiles: { packages: { id: string }[] }[] }) =>
      doc.lockfiles.flatMap((l) => l.packages.map((p) => p.id)).sort();
    expect(ids(fromSbom)).toEqual(ids(fromLock));
    expect(fromSbom.lockfiles[0].format).toBe("cyclonedx");
  });
});

describe("lk why", () => {
  it("says a package listed directly in a lockfile without a graph is declared there", async () => {
    const { code, out } = await lk(["why", "pyyaml", "examples/goats"]);
    expect(code).toBe(0);
    expect(out).toBe(
      "PyYAML@5.1 in requirements.txt: prod, direct\n  listed directly in requirements.txt, which records no dependency graph\n",
    );
  });

  it("leads with the path that decides the scope: a prod package's first path is all prod", async () => {
    // ms@0.7.1 is reached through mocha (dev, the shortest path) and through helmet (prod).
    const { code, out } = await lk(["why", "ms@0.7.1", join(LOCKFILES, "npm/nodegoat-v2")]);
    expect(code).toBe(0);
    const [header, first] = out.split("\n");
    expect(header).toBe("ms@0.7.1 in package-lock.json: prod, transitive, 10 paths");
    expect(first).toBe(
      "  owasp-nodejs-goat (.) > helmet@2.3.0 [prod ^2.0.0] > connect@3.4.1 [prod 3.4.1] > debug@2.2.0 [prod ~2.2.0] > ms@0.7.1 [prod 0.7.1]",
    );
    expect(out).toContain("> mocha@2.5.3 [dev ^2.4.5] > debug@2.2.0 [prod 2.2.0] > ms@0.7.1 [prod 0.7.1]");
  });

  it("finds a transitive npm package through its parents", async () => {
    const { code, out } = await lk(["why", "qs", join(LOCKFILES, "npm/nodegoat-v2")]);
    expect(code).toBe(0);
    expect(out).toMatch(
      /^ {2}owasp-nodejs-goat \(\.\) > zaproxy@0\.2\.0 \[dev \^0\.2\.0\] > request@2\.36\.0 \[prod ~2\.36\.0\] > qs@0\.6\.6 \[prod ~0\.6\.0\]$/m,
    );
  });

  it("says clearly when the package is not a dependency", async () => {
    const { code, err } = await lk(["why", "left-pad", "examples/goats"]);
    expect(code).toBe(2);
    expect(err).toContain("left-pad is not a dependency of examples/goats");
  });
});

describe("bad input", () => {
  const dir = mkdtempSync(join(tmpdir(), "lk-bad-"));

  it.each([
    ["a missing directory", ["inventory", "no/such/dir"], /no such file or directory: no\/such\/dir/],
    ["an unknown flag", ["inventory", "--frobnicate"], /unknown option '--frobnicate'/],
    ["an invalid format", ["inventory", "-f", "xml"], /argument 'xml' is invalid/],
    ["an unknown command", ["frobnicate"], /unknown command 'frobnicate'/],
    ["an unknown command asked for help", ["frobnicate", "--help"], /unknown command 'frobnicate'/],
    ["an unknown subcommand asked for help", ["db", "frobnicate", "-h"], /unknown command 'frobnicate'/],
    ["a missing option argument", ["scan", "--fail-on"], /option '--fail-on <severity>' argument missing/],
    ["a missing command argument", ["why"], /missing required argument 'package'/],
  ])("%s exits 2 with a message", async (_name, args, message) => {
    const { code, err } = await lk(args as string[]);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    // One prefix for every error, from commander or from Lockkeeper.
    expect(err).toMatch(/^lk: error: /);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it("names the file and line of a corrupt lockfile", async () => {
    writeFileSync(join(dir, "package-lock.json"), '{\n  "lockfileVersion": 3,\n  "packages": {\n    "": {\n');
    const { code, err } = await lk(["inventory", join(dir, "package-lock.json")]);
    expect(code).toBe(2);
    expect(err).toMatch(/package-lock\.json(:\d+)?: /);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it("rejects a file of an unknown format", async () => {
    writeFileSync(join(dir, "notes.md"), "# not a lockfile\n");
    const { code, err } = await lk(["inventory", join(dir, "notes.md")]);
    expect(code).toBe(2);
    expect(err).toContain("not a lockfile or SBOM format Lockkeeper reads");
  });

  it("reports a directory without lockfiles", async () => {
    const empty = mkdtempSync(join(tmpdir(), "lk-empty-"));
    const { code, err } = await lk(["inventory", empty]);
    expect(code).toBe(2);
    expect(err).toContain("no lockfile found under");
  });

  it("reports every config problem with its line", async () => {
    const project = mkdtempSync(join(tmpdir(), "lk-config-"));
    writeFileSync(join(project, "requirements.txt"), "requests==2.31.0\n");
    writeFileSync(
      join(project, "lockkeeper.yaml"),
      "inventory:\n  scope: production\n  exlude: [a]\nfoo: 1\n",
    );
    const { code, err } = await lk(["inventory", project]);
    expect(code).toBe(2);
    expect(err).toMatch(/lockkeeper\.yaml:2:\d+: inventory\.scope: /);
    expect(err).toMatch(/lockkeeper\.yaml:3:3: inventory\.exlude: unknown key "exlude"/);
    expect(err).toMatch(/lockkeeper\.yaml:4:1: foo: unknown key "foo"/);
  });
});

describe("lk config", () => {
  it("applies the config's exclude globs and default scope", async () => {
    const project = mkdtempSync(join(tmpdir(), "lk-config-"));
    writeFileSync(join(project, "requirements.txt"), "requests==2.31.0\n");
    writeFileSync(join(project, "requirements-dev.txt"), "pytest==8.0.0\n");
    writeFileSync(join(project, "lockkeeper.yaml"), "inventory:\n  exclude: ['*-dev.txt']\n");
    const doc = JSON.parse((await lk(["inventory", project, "-f", "json"])).out);
    expect(doc.lockfiles.map((l: { path: string }) => l.path)).toEqual(["requirements.txt"]);
  });

  it("prints the JSON Schema", async () => {
    const schema = JSON.parse((await lk(["config", "schema"])).out);
    expect(schema.properties.inventory.properties.scope.enum).toEqual(["prod", "dev", "all"]);
  });
});
