import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { buildWheel } from "../../../test-support/archives.js";
import { listen } from "./npm-registry.js";

export interface TinyDistribution {
  name: string;
  version: string;
  /** Module file path inside the wheel → content (`tinyprod/__init__.py`). */
  files: Record<string, string>;
}

export interface LocalIndex {
  /** The PEP 503 simple index: `http://127.0.0.1:<port>/simple/` */
  url: string;
  close(): Promise<void>;
}

/** A PEP 503 simple index on loopback serving wheels built in memory. */
export async function startPypiIndex(dists: readonly TinyDistribution[]): Promise<LocalIndex> {
  const wheels = new Map<string, Uint8Array>();
  const projects = new Map<string, string[]>();
  for (const dist of dists) {
    const wheel = buildWheel(dist);
    wheels.set(`/files/${wheel.filename}`, wheel.bytes);
    const sha = createHash("sha256").update(wheel.bytes).digest("hex");
    const links = projects.get(dist.name) ?? [];
    links.push(`<a href="/files/${wheel.filename}#sha256=${sha}">${wheel.filename}</a>`);
    projects.set(dist.name, links);
  }
  const page = (body: string) => `<!DOCTYPE html><html><body>\n${body}\n</body></html>\n`;
  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const wheel = wheels.get(path);
    const project = /^\/simple\/([^/]+)\/?$/.exec(path)?.[1];
    if (wheel) {
      response.writeHead(200, { "content-type": "application/octet-stream" }).end(wheel);
    } else if (path === "/simple/" || path === "/simple") {
      const links = [...projects.keys()].map((name) => `<a href="/simple/${name}/">${name}</a>`);
      response.writeHead(200, { "content-type": "text/html" }).end(page(links.join("\n")));
    } else if (project && projects.has(project)) {
      response
        .writeHead(200, { "content-type": "text/html" })
        .end(page((projects.get(project) ?? []).join("\n")));
    } else {
      response.writeHead(404).end("not found");
    }
  });
  const base = await listen(server);
  return { url: `${base}simple/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
