import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { packTarball } from "./tarball.js";

/** One version of a package to put in the registry. */
export interface SeedVersion {
  version: string;
  /** package.json fields besides name and version (dependencies, scripts, license, …). */
  manifest?: Record<string, unknown>;
  /** Files besides package.json in its tarball. */
  files?: Record<string, string>;
  /** Publish the packument entry only (bulk seeding for benchmarks: no tarball, no dist). */
  noTarball?: boolean;
  /** Publish time (ISO 8601). Default: the Unix epoch plus a day per version, in order. */
  publishedAt?: string;
  /** npm deprecation message. */
  deprecated?: string;
}

export interface SeedPackage {
  name: string;
  versions: SeedVersion[];
  /** Default: `latest` on the last version given. */
  distTags?: Record<string, string>;
}

export interface Verdaccio {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** A token for a user created in this registry, for `npm publish` and private-registry tests. */
  token: string;
  storage: string;
  /** Writes packages straight into the registry's storage, as a registry that had them published would hold them. */
  seed(packages: readonly SeedPackage[]): void;
  /** Publishes a package folder with the real `npm publish` against this registry. */
  publish(dir: string): Promise<void>;
  close(): Promise<void>;
}

const run = promisify(execFile);

/**
 * A real Verdaccio on loopback with no uplinks: it only knows what the tests seed or publish,
 * so nothing reaches the internet. Publishing needs a login; the user is created at start.
 * Packages in the `@private` scope can only be read with the user's token.
 */
export async function startVerdaccio(packages: readonly SeedPackage[] = []): Promise<Verdaccio> {
  const work = mkdtempSync(join(tmpdir(), "lk-verdaccio-"));
  const storage = join(work, "storage");
  mkdirSync(storage);
  const seed = (list: readonly SeedPackage[]): void => {
    for (const pkg of list) seedPackage(storage, pkg);
  };
  seed(packages);
  const { runServer } = await import("verdaccio");
  const app = await runServer({
    self_path: `${work}/`,
    storage,
    auth: { htpasswd: { file: join(work, "htpasswd"), max_users: 10 } },
    uplinks: {},
    packages: {
      // First match wins: private-registry tests need a scope that anonymous requests cannot read.
      "@private/*": { access: "$authenticated", publish: "$authenticated", unpublish: "$authenticated" },
      "@*/*": { access: "$all", publish: "$authenticated", unpublish: "$authenticated" },
      "**": { access: "$all", publish: "$authenticated", unpublish: "$authenticated" },
    },
    log: { type: "stdout", format: "pretty", level: "error" },
    web: { enable: false },
    security: { api: { legacy: true } },
  } as never);
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
    listening.on("error", reject);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const token = await createUser(url);
  const npmrc = join(work, "npmrc");
  writeFileSync(npmrc, `registry=${url}\n${url.replace(/^http:/, "")}:_authToken=${token}\n`);
  return {
    url,
    token,
    storage,
    seed,
    async publish(dir) {
      await run("npm", ["publish", "--userconfig", npmrc, "--registry", url, "--ignore-scripts"], {
        cwd: dir,
        env: { ...process.env, npm_config_cache: join(work, "npm-cache") },
      });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(work, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

async function createUser(url: string): Promise<string> {
  const response = await fetch(`${url}-/user/org.couchdb.user:lockkeeper`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "lockkeeper", password: "lockkeeper-test-password" }),
  });
  const body = (await response.json()) as { token?: string };
  if (!body.token) throw new Error(`verdaccio refused to create the test user: ${JSON.stringify(body)}`);
  return body.token;
}

/** The storage layout of Verdaccio's local-storage plugin: `<name>/package.json` plus tarballs. */
function seedPackage(storage: string, pkg: SeedPackage): void {
  const dir = join(storage, pkg.name);
  mkdirSync(dir, { recursive: true });
  const existing = readExisting(join(dir, "package.json"));
  const versions: Record<string, unknown> = existing?.versions ?? {};
  const time: Record<string, string> = existing?.time ?? {};
  const attachments: Record<string, unknown> = existing?._attachments ?? {};
  const baseName = pkg.name.split("/").pop() as string;
  pkg.versions.forEach((entry, index) => {
    const manifest: Record<string, unknown> = {
      name: pkg.name,
      version: entry.version,
      ...entry.manifest,
    };
    if (entry.deprecated) manifest.deprecated = entry.deprecated;
    if (!entry.noTarball) {
      const file = `${baseName}-${entry.version}.tgz`;
      const tarball = packTarball({
        "package.json": JSON.stringify({ name: pkg.name, version: entry.version, ...entry.manifest }),
        ...entry.files,
      });
      writeFileSync(join(dir, file), tarball);
      const shasum = createHash("sha1").update(tarball).digest("hex");
      manifest.dist = {
        tarball: `http://localhost/${pkg.name}/-/${file}`,
        integrity: `sha512-${createHash("sha512").update(tarball).digest("base64")}`,
        shasum,
      };
      attachments[file] = { shasum, version: entry.version };
    }
    versions[entry.version] = manifest;
    time[entry.version] = entry.publishedAt ?? new Date(Date.UTC(1970, 0, 2 + index)).toISOString();
  });
  const stamps = Object.entries(time)
    .filter(([key]) => key !== "created" && key !== "modified")
    .map(([, value]) => value)
    .sort();
  time.created = stamps[0] as string;
  time.modified = stamps[stamps.length - 1] as string;
  const last = pkg.versions[pkg.versions.length - 1]?.version;
  const document = {
    name: pkg.name,
    versions,
    time,
    "dist-tags": { ...existing?.["dist-tags"], ...(pkg.distTags ?? (last ? { latest: last } : {})) },
    _uplinks: {},
    _distfiles: {},
    _attachments: attachments,
    _rev: `${Object.keys(versions).length}-0000000000000000`,
  };
  writeFileSync(join(dir, "package.json"), JSON.stringify(document));
}

interface StoredDocument {
  versions?: Record<string, unknown>;
  time?: Record<string, string>;
  _attachments?: Record<string, unknown>;
  "dist-tags"?: Record<string, string>;
}

function readExisting(path: string): StoredDocument | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as StoredDocument;
  } catch {
    return undefined;
  }
}
