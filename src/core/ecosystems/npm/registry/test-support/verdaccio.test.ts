import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVerdaccio, type Verdaccio } from "./verdaccio.js";

const run = promisify(execFile);

describe("the Verdaccio test registry", () => {
  let registry: Verdaccio;
  beforeAll(async () => {
    registry = await startVerdaccio([
      {
        name: "lk-seeded",
        versions: [
          { version: "1.0.0", files: { "index.js": "module.exports = 1;\n" } },
          { version: "1.1.0", files: { "index.js": "module.exports = 2;\n" }, deprecated: "use 2" },
        ],
      },
    ]);
  }, 30_000);
  afterAll(() => registry.close());

  it("serves seeded packuments with publish times, deprecation and working tarballs", async () => {
    const packument = (await (await fetch(`${registry.url}lk-seeded`)).json()) as {
      "dist-tags": Record<string, string>;
      time: Record<string, string>;
      versions: Record<string, { deprecated?: string; dist: { tarball: string; integrity: string } }>;
    };
    expect(packument["dist-tags"].latest).toBe("1.1.0");
    expect(packument.time["1.0.0"]).toBe("1970-01-02T00:00:00.000Z");
    expect(packument.versions["1.1.0"]?.deprecated).toBe("use 2");
    const tarballUrl = packument.versions["1.0.0"]?.dist.tarball as string;
    expect(tarballUrl.startsWith(registry.url)).toBe(true);
    const tarball = await fetch(tarballUrl);
    expect(tarball.status).toBe(200);
  });

  it("accepts a real npm publish and installs from what it holds", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lk-publish-"));
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({ name: "lk-published", version: "3.0.0", dependencies: { "lk-seeded": "^1.0.0" } }),
    );
    writeFileSync(join(dir, "index.js"), "module.exports = 3;\n");
    await registry.publish(dir);
    const project = mkdtempSync(join(tmpdir(), "lk-install-"));
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "app", version: "1.0.0" }));
    await run(
      "npm",
      ["install", "lk-published", "--registry", registry.url, "--no-audit", "--no-fund", "--ignore-scripts"],
      { cwd: project, env: { ...process.env, npm_config_cache: join(project, ".npm-cache") } },
    );
    const lock = JSON.parse(readFileSync(join(project, "package-lock.json"), "utf8")) as {
      packages: Record<string, { version: string }>;
    };
    expect(lock.packages["node_modules/lk-published"]?.version).toBe("3.0.0");
    // npm passes over a deprecated version when an undeprecated one satisfies the range.
    expect(lock.packages["node_modules/lk-seeded"]?.version).toBe("1.0.0");
  }, 60_000);
});
