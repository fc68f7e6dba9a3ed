import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TinyPackage {
  name: string;
  version: string;
  /** File name → content, besides package.json. */
  files: Record<string, string>;
}

export interface LocalRegistry {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  close(): Promise<void>;
}

/**
 * An npm registry on loopback serving packuments and tarballs built with `npm pack` from tiny
 * packages: enough for `npm install`/`npm ci` (never the internet).
 */
export async function startNpmRegistry(packages: readonly TinyPackage[]): Promise<LocalRegistry> {
  const work = mkdtempSync(join(tmpdir(), "lk-npm-registry-"));
  const tarballs = new Map<string, Buffer>();
  const documents = new Map<string, (base: string) => object>();
  for (const pkg of packages) {
    const dir = join(work, pkg.name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({ name: pkg.name, version: pkg.version, main: "index.js" }),
    );
    for (const [file, content] of Object.entries(pkg.files)) writeFileSync(join(dir, file), content);
    const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", work], {
      cwd: dir,
      encoding: "utf8",
    }).trim();
    const tarball = readFileSync(join(work, packed));
    const file = `${pkg.name}-${pkg.version}.tgz`;
    tarballs.set(`/${pkg.name}/-/${file}`, tarball);
    const integrity = `sha512-${createHash("sha512").update(tarball).digest("base64")}`;
    const shasum = createHash("sha1").update(tarball).digest("hex");
    documents.set(`/${pkg.name}`, (base) => ({
      name: pkg.name,
      "dist-tags": { latest: pkg.version },
      versions: {
        [pkg.version]: {
          name: pkg.name,
          version: pkg.version,
          dist: { tarball: `${base}${pkg.name}/-/${file}`, integrity, shasum },
        },
      },
    }));
  }
  const server = createServer((request, response) => {
    const path = decodeURIComponent((request.url ?? "/").split("?")[0] ?? "/");
    const tarball = tarballs.get(path);
    const document = documents.get(path);
    if (tarball) {
      response.writeHead(200, { "content-type": "application/octet-stream" }).end(tarball);
    } else if (document) {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(document(url)));
    } else {
      response.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
    }
  });
  const url = await listen(server);
  const close = (): Promise<void> =>
    new Promise((resolve) =>
      server.close(() => {
        rmSync(work, { recursive: true, force: true });
        resolve();
      }),
    );
  return { url, close };
}

/** Listens on 127.0.0.1 with a free port; returns the base URL with a trailing slash. */
export function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve(`http://127.0.0.1:${port}/`);
    });
  });
}
