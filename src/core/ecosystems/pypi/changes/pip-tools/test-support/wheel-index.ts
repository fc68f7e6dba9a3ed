import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { buildWheel as buildWheelFile } from "../../../../../../test-support/archives.js";
import { listen } from "../../../../../verify-prod/test-support/npm-registry.js";
import { normalisePypiName } from "../../../names.js";

/** A release the test index serves: a pure-Python wheel with real METADATA. */
export interface IndexRelease {
  name: string;
  version: string;
  /** `Requires-Dist` lines (PEP 508, markers allowed). */
  requiresDist?: string[];
  /** `Provides-Extra` lines. */
  extras?: string[];
}

export interface WheelIndex {
  /** The PEP 503 simple index: `http://127.0.0.1:<port>/simple/` */
  url: string;
  /** sha256 hex of every file the index serves for a release (sorted); [] when unknown. */
  hashesOf(name: string, version: string): string[];
  /** Paths pip requested, to prove which files it downloaded. */
  requested: string[];
  close(): Promise<void>;
}

/** A pure-Python wheel with the given tag and real METADATA (Requires-Dist, Provides-Extra). */
export function buildWheel(
  release: IndexRelease,
  tag = "py3-none-any",
): { filename: string; bytes: Uint8Array } {
  const module = release.name.replace(/[-.]/g, "_").toLowerCase();
  return buildWheelFile({
    name: release.name,
    version: release.version,
    files: { [`${module}/__init__.py`]: `VERSION = "${release.version}"\n` },
    metadata: [
      ...(release.extras ?? []).map((extra) => `Provides-Extra: ${extra}`),
      ...(release.requiresDist ?? []).map((requirement) => `Requires-Dist: ${requirement}`),
    ],
    tag,
  });
}

/**
 * A PEP 503 simple index on loopback. Each release is served twice: a `py3-none-any` wheel pip
 * installs and a `py2-none-win32` one it never picks here, so a lock holding only the hash pip
 * downloaded would be visibly incomplete.
 */
export async function startWheelIndex(releases: readonly IndexRelease[]): Promise<WheelIndex> {
  const files = new Map<string, Uint8Array>();
  const links = new Map<string, string[]>();
  const hashes = new Map<string, string[]>();
  for (const release of releases) {
    const project = normalisePypiName(release.name);
    const key = `${project}@${release.version}`;
    for (const tag of ["py3-none-any", "py2-none-win32"]) {
      const wheel = buildWheel(release, tag);
      const sha = createHash("sha256").update(wheel.bytes).digest("hex");
      files.set(`/files/${wheel.filename}`, wheel.bytes);
      links.set(project, [
        ...(links.get(project) ?? []),
        `<a href="/files/${wheel.filename}#sha256=${sha}">${wheel.filename}</a>`,
      ]);
      hashes.set(key, [...(hashes.get(key) ?? []), sha].sort());
    }
  }
  const requested: string[] = [];
  const page = (body: string) => `<!DOCTYPE html><html><body>\n${body}\n</body></html>\n`;
  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    requested.push(path);
    const file = files.get(path);
    const project = /^\/simple\/([^/]+)\/?$/.exec(path)?.[1];
    if (file) {
      response.writeHead(200, { "content-type": "application/octet-stream" }).end(file);
    } else if (project && links.has(project)) {
      response
        .writeHead(200, { "content-type": "text/html" })
        .end(page((links.get(project) ?? []).join("\n")));
    } else {
      response.writeHead(404).end("not found");
    }
  });
  const base = await listen(server);
  return {
    url: `${base}simple/`,
    hashesOf: (name, version) => hashes.get(`${normalisePypiName(name)}@${version}`) ?? [],
    requested,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
