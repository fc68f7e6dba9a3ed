// biome-ignore-all lint/suspicious/noTemplateCurlyInString: .npmrc files spell variables as ${NAME}; these strings are .npmrc text.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPortUrl, FakeRegistry } from "../../core/ecosystems/registry/test-support/fake-registry.js";
import { LOCKFILES } from "../../test-support/fixtures.js";
import { bufferIo } from "../io.js";
import { licensesCommand } from "./licenses.js";

interface JsonPackage {
  name: string;
  license: { expression: string | null; source: { kind: string; detail?: string } };
}

/** `lk licenses --registry` asks the registries of the `registries` section and the project's .npmrc. */
describe("lk licenses --registry", () => {
  const publicNpm = new FakeRegistry((path) =>
    path === "/left-pad"
      ? { json: { name: "left-pad", versions: { "1.3.0": { license: "WTFPL" } } } }
      : undefined,
  );
  const privateNpm = new FakeRegistry((path) =>
    path === "/@corp/secret"
      ? { json: { name: "@corp/secret", versions: { "2.0.0": { license: "Apache-2.0" } } } }
      : undefined,
  );
  const pypi = new FakeRegistry((path) =>
    path === "/pypi/six/1.16.0/json" ? { json: { info: { license: "MIT", classifiers: [] } } } : undefined,
  );
  const dir = mkdtempSync(join(tmpdir(), "lk-licenses-registry-"));

  beforeAll(async () => {
    await Promise.all([publicNpm.start(), privateNpm.start(), pypi.start()]);
    const lock = {
      name: "app",
      lockfileVersion: 3,
      packages: {
        "": { name: "app", version: "1.0.0", dependencies: { "left-pad": "1.3.0", "@corp/secret": "2.0.0" } },
        "node_modules/left-pad": {
          version: "1.3.0",
          resolved: `${publicNpm.baseUrl}/left-pad/-/left-pad-1.3.0.tgz`,
        },
        "node_modules/@corp/secret": {
          version: "2.0.0",
          resolved: `${privateNpm.baseUrl}/@corp/secret/-/secret-2.0.0.tgz`,
        },
      },
    };
    writeFileSync(join(dir, "package-lock.json"), JSON.stringify(lock));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "app", version: "1.0.0" }));
    writeFileSync(join(dir, "requirements.txt"), "six==1.16.0\n");
    writeFileSync(
      join(dir, ".npmrc"),
      `registry=${publicNpm.baseUrl}/\n@corp:registry=${privateNpm.baseUrl}/\n${privateNpm.baseUrl.slice(5)}/:_authToken=\${CORP_TOKEN}\n`,
    );
    writeFileSync(join(dir, "user-npmrc"), "");
    writeFileSync(
      join(dir, "lockkeeper.yaml"),
      `registries:\n  pypiIndex: ${pypi.baseUrl}/simple\n  pypiJsonApi: ${pypi.baseUrl}/pypi\n  cacheDir: .registry-cache\n`,
    );
  });
  afterAll(async () => {
    await Promise.all([publicNpm.stop(), privateNpm.stop(), pypi.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("asks a scoped package's own registry with its .npmrc token, and each PyPI release's document", async () => {
    // On a terminal: the look-ups' progress is drawn on stderr, stdout stays JSON.
    const io = Object.assign(bufferIo(dir), { isTTY: true });
    io.env = { NO_COLOR: "1", CORP_TOKEN: "corp-s3cret", npm_config_userconfig: join(dir, "user-npmrc") };
    const code = await licensesCommand(io, ".", { format: "json", registry: true });
    expect(io.err).not.toContain("corp-s3cret");
    expect(io.err).toMatch(/licences from the registries: (\d+)\/\1/);
    expect(code).toBe(0);
    const packages = (JSON.parse(io.out) as { packages: JsonPackage[] }).packages;
    const license = (name: string) => packages.find((p) => p.name === name)?.license;
    expect(license("@corp/secret")).toMatchObject({
      expression: "Apache-2.0",
      source: { kind: "registry", detail: `${privateNpm.baseUrl}/@corp%2fsecret` },
    });
    expect(license("left-pad")?.source).toEqual({
      kind: "registry",
      detail: `${publicNpm.baseUrl}/left-pad`,
    });
    expect(license("six")).toMatchObject({
      expression: "MIT",
      source: { kind: "registry", detail: `${pypi.baseUrl}/pypi/six/1.16.0/json (License)` },
    });
    expect(privateNpm.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
      ["/@corp/secret", "Bearer corp-s3cret"],
    ]);
    // The private package's name never went to the public registry.
    expect(publicNpm.takePaths()).toEqual(["/left-pad"]);
  });
});

/** An unreachable registry degrades the report as in lk outdated: those packages unknown, one warning. */
describe("lk licenses --registry with the registry unreachable", () => {
  const dir = mkdtempSync(join(tmpdir(), "lk-licenses-offline-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reports every package, the lockfile's licences kept, the rest unknown, with one warning", async () => {
    cpSync(join(LOCKFILES, "npm/nodegoat-v2"), dir, { recursive: true });
    const registry = await closedPortUrl();
    writeFileSync(join(dir, ".npmrc"), `registry=${registry}/\n`);
    writeFileSync(join(dir, "user-npmrc"), "");
    const io = bufferIo(dir);
    io.env = {
      NO_COLOR: "1",
      npm_config_userconfig: join(dir, "user-npmrc"),
      XDG_CACHE_HOME: join(dir, "cache"),
    };
    const code = await licensesCommand(io, ".", { format: "json", registry: true });
    expect(code, io.err).toBe(0);
    const report = JSON.parse(io.out) as {
      summary: { packages: number; bySource: Record<string, number> };
      warnings: string[];
      packages: (JsonPackage & { version: string; license: { notes: string[] } })[];
    };
    expect(report.summary.packages).toBe(1091);
    expect(report.summary.bySource).toEqual({ lockfile: 385, installed: 0, registry: 0, none: 706 });
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings[0]).toMatch(new RegExp(`^the npm registry cannot be reached \\(${registry}/`));
    expect(io.err.match(/cannot be reached/g)).toHaveLength(1);
    const adm = report.packages.find((p) => p.name === "adm-zip");
    expect(adm?.license).toMatchObject({
      expression: null,
      notes: ["no licence found: not in the lockfile; not installed; the npm registry did not answer"],
    });
  }, 60_000);
});
