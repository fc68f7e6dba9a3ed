import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AdvisoryDb, openAdvisoryDb } from "./advisory-db.js";
import type { AdvisoryProgress } from "./progress.js";
import { realRecordJson, removeTempDirs, SHIPPED_DB, tempDir } from "./test-support/real-advisories.js";
import { updateFromOsvExport } from "./update.js";

/**
 * A local stand-in for the OSV export bucket on 127.0.0.1: serves what `routes` holds, answers
 * 503 for a path as many times as `failures` says, 404 for anything else, and logs every request.
 */
class FakeOsvExport {
  readonly routes = new Map<string, Uint8Array>();
  readonly failures = new Map<string, number>();
  readonly requests: string[] = [];
  private server: Server | undefined;
  baseUrl = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const path = decodeURIComponent(req.url ?? "");
      this.requests.push(path);
      const failures = this.failures.get(path) ?? 0;
      if (failures > 0) {
        this.failures.set(path, failures - 1);
        res.writeHead(503).end();
        return;
      }
      const body = this.routes.get(path);
      if (body) res.writeHead(200, { "content-length": body.length }).end(body);
      else res.writeHead(404).end("not found");
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  takeRequests(): string[] {
    return this.requests.splice(0).sort();
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/** Real records, by ecosystem, as OSV's all.zip holds them (`<ID>.json`). */
function realRecords(prefix: "PYSEC-" | "NSWG-ECO-"): Map<string, string> {
  return new Map([...realRecordJson()].filter(([id]) => id.startsWith(prefix)));
}

function allZip(records: Map<string, string>): Uint8Array {
  return zipSync(Object.fromEntries([...records].map(([id, json]) => [`${id}.json`, strToU8(json)])));
}

/** modified_id.csv for records: `<modified>,<id>`, newest first. */
function modifiedIdCsv(records: Map<string, string>): Uint8Array {
  const lines = [...records.values()].map((json) => {
    const { id, modified } = JSON.parse(json) as { id: string; modified: string };
    return [modified, id] as const;
  });
  lines.sort((a, b) => Date.parse(b[0]) - Date.parse(a[0]) || (a[1] < b[1] ? -1 : 1));
  return strToU8(lines.map(([modified, id]) => `${modified},${id}\n`).join(""));
}

function changed(json: string, fields: Record<string, unknown>): string {
  return JSON.stringify({ ...JSON.parse(json), ...fields });
}

const server = new FakeOsvExport();
beforeAll(() => server.start());
afterAll(async () => {
  await server.stop();
  removeTempDirs();
});

describe("updateFromOsvExport against a local export", () => {
  const dir = join(tempDir(), "cache/advisories");
  const pypi = realRecords("PYSEC-");
  const npm = realRecords("NSWG-ECO-");
  const options = () => ({ baseUrl: `${server.baseUrl}/`, retryDelayMs: 5 });

  it("downloads all.zip per ecosystem the first time", async () => {
    server.routes.set("/PyPI/all.zip", allZip(pypi));
    server.routes.set("/npm/all.zip", allZip(npm));
    server.failures.set("/PyPI/all.zip", 1);
    const progress: AdvisoryProgress[] = [];
    const summary = await updateFromOsvExport(dir, {
      ...options(),
      now: new Date("2024-10-11T00:00:00Z"),
      progress: (p) => progress.push(p),
    });
    expect(server.takeRequests()).toEqual(["/PyPI/all.zip", "/PyPI/all.zip", "/npm/all.zip"]);
    expect(summary.ecosystems.map((e) => [e.source, e.mode, e.added, e.removed, e.cursor])).toEqual([
      ["osv:npm", "full", 467, 0, "2020-07-13T00:00:00.000Z"],
      ["osv:PyPI", "full", 2661, 0, "2024-10-10T17:22:00.587279Z"],
    ]);
    expect([summary.rejected, summary.skipped, summary.meta.records.total]).toEqual([[], [], 3128]);
    const size = server.routes.get("/PyPI/all.zip")?.length;
    expect(progress).toContainEqual({
      phase: "download",
      url: `${server.baseUrl}/PyPI/all.zip`,
      bytes: size,
      totalBytes: size,
    });
    expect(progress.at(-1)).toEqual({ phase: "write", records: 3128 });
  });

  it("then fetches only the records modified since, retrying 5xx", async () => {
    const next = new Map(pypi);
    next.set(
      "PYSEC-2020-341",
      changed(pypi.get("PYSEC-2020-341") as string, {
        modified: "2024-11-01T08:00:00.000001Z",
        details: "changed",
      }),
    );
    next.set(
      "PYSEC-2023-73",
      changed(pypi.get("PYSEC-2023-73") as string, {
        modified: "2024-11-01T09:00:00Z",
        summary: "still withdrawn",
      }),
    );
    next.set(
      "PYSEC-2024-1000",
      changed(pypi.get("PYSEC-2020-341") as string, {
        id: "PYSEC-2024-1000",
        modified: "2024-11-01T07:00:00Z",
        affected: [{ package: { ecosystem: "PyPI", name: "brand_new.pkg" }, versions: ["1.0"] }],
      }),
    );
    next.delete("PYSEC-2024-99");
    for (const id of ["PYSEC-2020-341", "PYSEC-2023-73", "PYSEC-2024-1000"]) {
      server.routes.set(`/PyPI/${id}.json`, strToU8(next.get(id) as string));
    }
    // Listed but gone from the bucket (a 404 is reported, not fatal).
    next.set(
      "PYSEC-2099-1",
      changed(pypi.get("PYSEC-2020-341") as string, { id: "PYSEC-2099-1", modified: "2024-10-15T00:00:00Z" }),
    );
    server.routes.set("/PyPI/modified_id.csv", modifiedIdCsv(next));
    server.routes.set("/npm/modified_id.csv", modifiedIdCsv(npm));
    server.failures.set("/PyPI/PYSEC-2023-73.json", 2);

    const summary = await updateFromOsvExport(dir, { ...options(), now: new Date("2024-11-02T00:00:00Z") });
    expect(server.takeRequests()).toEqual([
      "/PyPI/PYSEC-2020-341.json",
      "/PyPI/PYSEC-2023-73.json",
      "/PyPI/PYSEC-2023-73.json",
      "/PyPI/PYSEC-2023-73.json",
      "/PyPI/PYSEC-2024-1000.json",
      "/PyPI/PYSEC-2099-1.json",
      "/PyPI/modified_id.csv",
      "/npm/modified_id.csv",
    ]);
    const [npmUpdate, pypiUpdate] = summary.ecosystems;
    expect(npmUpdate).toMatchObject({ mode: "incremental", fetched: 0, added: 0, updated: 0, removed: 0 });
    expect(pypiUpdate).toMatchObject({
      mode: "incremental",
      fetched: 4,
      added: 1,
      updated: 2,
      removed: 1,
      cursor: "2024-11-01T09:00:00Z",
    });
    expect(summary.rejected.map((r) => r.error)).toEqual([
      `${server.baseUrl}/PyPI/PYSEC-2099-1.json: listed in modified_id.csv but not found (HTTP 404)`,
    ]);

    const db = openAdvisoryDb(dir) as AdvisoryDb;
    expect(db.size).toBe(3128);
    expect(db.get("PYSEC-2020-341")?.details).toBe("changed");
    expect(db.get("PYSEC-2023-73")).toMatchObject({
      summary: "still withdrawn",
      withdrawn: "2023-06-06T10:37:00Z",
    });
    expect(db.recordsOf("pypi", "Brand-New_PKG").map((r) => r.id)).toEqual(["PYSEC-2024-1000"]);
    expect(db.get("PYSEC-2024-99")).toBeUndefined();
    expect(db.meta.updatedAt).toBe("2024-11-02T00:00:00.000Z");
    db.close();
  });

  it("fetches nothing when nothing changed, rewriting only meta.json", async () => {
    const records = readFileSync(join(dir, "records.bin"));
    const summary = await updateFromOsvExport(dir, { ...options(), now: new Date("2024-11-03T00:00:00Z") });
    expect(server.takeRequests()).toEqual(["/PyPI/modified_id.csv", "/npm/modified_id.csv"]);
    expect([summary.added, summary.updated, summary.removed]).toEqual([0, 0, 0]);
    expect(readFileSync(join(dir, "records.bin")).equals(records)).toBe(true);
    const db = openAdvisoryDb(dir) as AdvisoryDb;
    expect([db.meta.updatedAt, db.size]).toEqual(["2024-11-03T00:00:00.000Z", 3128]);
    db.close();
  });

  it("downloads all.zip again when asked for a full update", async () => {
    const summary = await updateFromOsvExport(dir, { ...options(), ecosystems: ["npm"], full: true });
    expect(server.takeRequests()).toEqual(["/npm/all.zip"]);
    expect(summary.ecosystems.map((e) => [e.mode, e.unchanged])).toEqual([["full", 467]]);
  });
});

describe("updateFromOsvExport seeded from the shipped snapshot", () => {
  it("keeps the snapshot's other records and replaces what the export has", async () => {
    const dir = join(tempDir(), "db");
    const npm = new Map<string, string>();
    for (const id of ["NSWG-ECO-1", "NSWG-ECO-10"]) {
      npm.set(id, changed(realRecordJson().get(id) as string, { modified: "2024-01-01T00:00:00Z" }));
    }
    npm.set(
      "GHSA-aaaa-bbbb-cccc",
      changed(realRecordJson().get("NSWG-ECO-1") as string, {
        id: "GHSA-aaaa-bbbb-cccc",
        aliases: ["CVE-2014-7205"],
      }),
    );
    server.routes.set("/npm/all.zip", allZip(npm));
    const summary = await updateFromOsvExport(dir, {
      baseUrl: server.baseUrl,
      ecosystems: ["npm"],
      seed: SHIPPED_DB,
    });
    server.takeRequests();
    expect(summary.ecosystems[0]).toMatchObject({ added: 1, updated: 2 });
    expect(summary.meta.sources.map((s) => [s.name, s.records])).toEqual([
      ["nodejs/security-wg", 465],
      ["osv:npm", 3],
      ["pypa/advisory-database", 2661],
    ]);
    const db = openAdvisoryDb(dir) as AdvisoryDb;
    expect(db.recordsNamed("CVE-2014-7205").map((r) => r.id)).toEqual(["GHSA-aaaa-bbbb-cccc", "NSWG-ECO-1"]);
    db.close();
    // The seed itself is untouched.
    expect(openAdvisoryDb(SHIPPED_DB)?.meta.sources.map((s) => s.name)).toEqual([
      "nodejs/security-wg",
      "pypa/advisory-database",
    ]);
  });
});

describe("updateFromOsvExport failures", () => {
  it("throws NETWORK naming the URL when the server is unreachable, writing nothing", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const dir = join(tempDir(), "db");
    const update = updateFromOsvExport(dir, {
      baseUrl: `http://127.0.0.1:${port}`,
      retries: 1,
      retryDelayMs: 5,
    });
    await expect(update).rejects.toMatchObject({
      code: "NETWORK",
      message: `cannot download http://127.0.0.1:${port}/npm/all.zip: connect ECONNREFUSED 127.0.0.1:${port} (after 2 attempts)`,
    });
    expect(existsSync(dir)).toBe(false);
  });

  it("gives up on a server that keeps answering 5xx", async () => {
    server.failures.set("/npm/all.zip", 10);
    const update = updateFromOsvExport(join(tempDir(), "db"), {
      baseUrl: server.baseUrl,
      retries: 2,
      retryDelayMs: 5,
    });
    await expect(update).rejects.toMatchObject({
      code: "NETWORK",
      message: `cannot download ${server.baseUrl}/npm/all.zip: HTTP 503 (after 3 attempts)`,
    });
    expect(server.takeRequests()).toEqual(["/npm/all.zip", "/npm/all.zip", "/npm/all.zip"]);
    server.failures.clear();
  });

  it("reports a damaged all.zip as a PARSE error naming its URL", async () => {
    server.routes.set("/npm/all.zip", strToU8("PK\u0003\u0004 not really"));
    const update = updateFromOsvExport(join(tempDir(), "db"), {
      baseUrl: server.baseUrl,
      ecosystems: ["npm"],
    });
    await expect(update).rejects.toMatchObject({ code: "PARSE", file: `${server.baseUrl}/npm/all.zip` });
    server.takeRequests();
  });
});
