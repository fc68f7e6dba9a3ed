import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { normalisePypiName } from "../../names.js";
import { pep440Versioning } from "../../versioning.js";
import { buildDistribution, type PythonDistribution } from "./distributions.js";

/**
 * A Python package index on 127.0.0.1 for tests, usable by `PypiIndexClient` and by real pip:
 *
 *   const server = await startPypiServer();
 *   server.publish({ name: "Foo_Bar", version: "1.0", kind: "wheel", uploadTime: "2024-01-02T03:04:05Z" });
 *   // pip:    python3 -m pip download --index-url ${server.simpleUrl}/ foo-bar==1.0 -d out
 *   // client: new PypiIndexClient({ indexUrl: server.simpleUrl, jsonApiUrl: server.jsonApiUrl })
 *   await server.close();
 *
 * Routes: `/simple/` (project list), `/simple/<name>/` (project page: PEP 691 JSON or PEP 503/592
 * HTML by the Accept header, or the form set in `form`; other spellings of the name and a missing
 * slash redirect like PyPI), `/files/<filename>` (the bytes), `/pypi/<name>/json` and
 * `/pypi/<name>/<version>/json` (JSON API: the project, or one release with its own licence).
 * Every request is recorded in `requests`; `failNext` answers a path with an error status first;
 * `update` yanks or unyanks a published file. Wheels are `py3-none-any`; sdists carry an in-tree
 * PEP 517 backend, so pip builds them offline with or without build isolation. Files must be
 * published after the server has started (their URLs need its port).
 */
export async function startPypiServer(options: PypiServerOptions = {}): Promise<PypiServer> {
  const server = new PypiServer(options);
  await server.listen();
  return server;
}

/** Which form of the simple API a project page is written in. */
export type SimpleForm = "json" | "html";

export interface PypiServerOptions {
  /** Answer every project page in this form whatever the client accepts (default: negotiate). */
  form?: SimpleForm;
  /** File URLs on project pages: relative to the page (`../../files/x`, default) or absolute. */
  fileUrls?: "relative" | "absolute";
}

/** Index-side facts of a file: what the project page and the JSON API say beside the bytes. */
export interface PublishedFacts {
  /** ISO 8601 (PEP 700 `upload-time`, JSON API `upload_time_iso_8601`). */
  uploadTime?: string;
  /** PEP 592: true, or the reason. */
  yanked?: true | string;
  /** The page's `requires-python`; `publish` defaults it to the distribution's metadata. */
  requiresPython?: string;
}

/** A file on the index. */
export interface PublishedFile extends PublishedFacts {
  /** PEP 503 name of its project. */
  project: string;
  filename: string;
  /** The version as uploaded (JSON API `releases` key). */
  version: string;
  kind: "wheel" | "sdist";
  bytes: Uint8Array;
  sha256: string;
  /** Absolute URL of the file. */
  url: string;
  license?: string;
}

/** One request the server received. */
export interface RecordedRequest {
  method: string;
  /** Path and query as sent. */
  path: string;
  accept?: string;
  authorization?: string;
}

export class PypiServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url = "";
  form: SimpleForm | undefined;
  fileUrls: "relative" | "absolute";
  readonly requests: RecordedRequest[] = [];
  private readonly files: PublishedFile[] = [];
  private readonly failures = new Map<string, { status: number; headers: Record<string, string> }[]>();
  private readonly server: Server;

  constructor(options: PypiServerOptions = {}) {
    this.form = options.form;
    this.fileUrls = options.fileUrls ?? "relative";
    this.server = createServer((request, response) => {
      try {
        this.answer(request, response);
      } catch (error: unknown) {
        // A bug in a test's setup shows as a 500 with its message, not as a hung request.
        response.writeHead(500, { "content-type": "text/plain" }).end(String(error));
      }
    });
  }

  /** The simple API base: `--index-url` for pip (add a `/`), `indexUrl` for the client. */
  get simpleUrl(): string {
    return `${this.url}/simple`;
  }

  /** The JSON API base, `jsonApiUrl` for the client. */
  get jsonApiUrl(): string {
    return `${this.url}/pypi`;
  }

  /** Builds a real wheel or sdist (see `buildDistribution`) and lists it on its project's page. */
  publish(dist: PythonDistribution & PublishedFacts): PublishedFile {
    const built = buildDistribution(dist);
    return this.publishFile({
      project: dist.name,
      version: dist.version,
      kind: dist.kind,
      filename: built.filename,
      bytes: built.bytes,
      uploadTime: dist.uploadTime,
      yanked: dist.yanked,
      requiresPython: dist.requiresPython,
      license: dist.license,
    });
  }

  /** Lists any bytes under any file name (for names the client must skip, or odd files). */
  publishFile(file: Omit<PublishedFile, "sha256" | "url">): PublishedFile {
    if (!this.url) throw new Error("start the test index before publishing: file URLs need its port");
    const published: PublishedFile = {
      ...file,
      project: normalisePypiName(file.project),
      sha256: createHash("sha256").update(file.bytes).digest("hex"),
      url: `${this.url}/files/${encodeURIComponent(file.filename)}`,
    };
    this.files.push(published);
    return published;
  }

  /** Changes index-side facts of a published file (yank it, unyank it, …). */
  update(filename: string, facts: PublishedFacts): void {
    const file = this.files.find((candidate) => candidate.filename === filename);
    if (!file) throw new Error(`no file ${filename} on the test index`);
    Object.assign(file, facts);
  }

  /** Answers the next `times` requests for `path` (exact, without query) with `status`. */
  failNext(path: string, status: number, times = 1, headers: Record<string, string> = {}): void {
    const queue = this.failures.get(path) ?? [];
    for (let i = 0; i < times; i++) queue.push({ status, headers });
    this.failures.set(path, queue);
  }

  /** Requests since the last call (all of them, or those whose path starts with `prefix`). */
  takeRequests(prefix = ""): RecordedRequest[] {
    const taken = this.requests.splice(0);
    return taken.filter((request) => request.path.startsWith(prefix));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", resolve);
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    const path = request.url ?? "/";
    this.requests.push({
      method: request.method ?? "GET",
      path,
      accept: request.headers.accept,
      authorization: request.headers.authorization,
    });
    const bare = path.split("?")[0] ?? "/";
    const failure = this.failures.get(bare)?.shift();
    if (failure) {
      response.writeHead(failure.status, failure.headers).end();
      return;
    }
    const file = /^\/files\/([^/]+)$/.exec(bare);
    const project = /^\/simple\/([^/]+)(\/?)$/.exec(bare);
    const jsonApi = /^\/pypi\/([^/]+)\/json\/?$/.exec(bare);
    const releaseApi = /^\/pypi\/([^/]+)\/([^/]+)\/json\/?$/.exec(bare);
    if (bare === "/simple/" || bare === "/simple") this.sendProjectList(request, response);
    else if (file) this.sendFile(decodeURIComponent(file[1] ?? ""), response);
    else if (project) this.sendProjectPage(project[1] ?? "", project[2] === "/", request, response);
    else if (jsonApi) this.sendJsonApi(normalisePypiName(decodeURIComponent(jsonApi[1] ?? "")), response);
    else if (releaseApi) {
      const name = normalisePypiName(decodeURIComponent(releaseApi[1] ?? ""));
      this.sendReleaseJson(name, decodeURIComponent(releaseApi[2] ?? ""), response);
    } else response.writeHead(404, { "content-type": "text/plain" }).end("not found");
  }

  private sendFile(filename: string, response: ServerResponse): void {
    const file = this.files.find((candidate) => candidate.filename === filename);
    if (!file) response.writeHead(404).end();
    else {
      response
        .writeHead(200, { "content-type": "application/octet-stream", "content-length": file.bytes.length })
        .end(file.bytes);
    }
  }

  private sendProjectList(request: IncomingMessage, response: ServerResponse): void {
    const names = [...new Set(this.files.map((file) => file.project))].sort();
    const type = this.negotiate(request.headers.accept);
    if (!type) response.writeHead(406).end();
    else if (type.endsWith("json")) {
      sendJson(response, type, { meta: { "api-version": "1.1" }, projects: names.map((name) => ({ name })) });
    } else {
      const links = names.map((name) => `<a href="${name}/">${name}</a>`);
      sendHtml(response, type, links);
    }
  }

  private sendProjectPage(
    asked: string,
    withSlash: boolean,
    request: IncomingMessage,
    response: ServerResponse,
  ): void {
    const name = normalisePypiName(decodeURIComponent(asked));
    if (name !== asked || !withSlash) {
      response.writeHead(301, { location: `/simple/${name}/` }).end();
      return;
    }
    const files = this.files.filter((file) => file.project === name);
    const type = this.negotiate(request.headers.accept);
    if (files.length === 0) response.writeHead(404).end();
    else if (!type) response.writeHead(406).end();
    else if (type.endsWith("json")) sendJson(response, type, this.projectJson(name, files));
    else
      sendHtml(
        response,
        type,
        files.map((file) => this.anchor(file)),
      );
  }

  private projectJson(name: string, files: readonly PublishedFile[]): unknown {
    return {
      meta: { "api-version": "1.1" },
      name,
      versions: [...new Set(files.map((file) => file.version))],
      files: files.map((file) => ({
        filename: file.filename,
        url: this.fileUrl(file),
        hashes: { sha256: file.sha256 },
        "requires-python": file.requiresPython,
        yanked: file.yanked ?? false,
        "upload-time": file.uploadTime,
        size: file.bytes.length,
      })),
    };
  }

  private anchor(file: PublishedFile): string {
    let attributes = `href="${escapeHtml(`${this.fileUrl(file)}#sha256=${file.sha256}`)}"`;
    if (file.requiresPython) attributes += ` data-requires-python="${escapeHtml(file.requiresPython)}"`;
    if (file.yanked !== undefined) {
      // `data-yanked=""`, not a bare attribute: pip reads a bare one as "not yanked".
      attributes += ` data-yanked="${file.yanked === true ? "" : escapeHtml(file.yanked)}"`;
    }
    return `<a ${attributes}>${escapeHtml(file.filename)}</a>`;
  }

  private fileUrl(file: PublishedFile): string {
    return this.fileUrls === "absolute" ? file.url : `../../files/${encodeURIComponent(file.filename)}`;
  }

  /** PyPI's JSON API document: `info` of the newest final, unyanked release; every file in `releases`. */
  private sendJsonApi(name: string, response: ServerResponse): void {
    const files = this.files.filter((file) => file.project === name);
    if (files.length === 0) {
      response.writeHead(404).end();
      return;
    }
    const releases: Record<string, unknown[]> = {};
    for (const file of files) {
      const uploadTime = file.uploadTime ? new Date(file.uploadTime).toISOString() : null;
      releases[file.version] ??= [];
      releases[file.version]?.push({
        filename: file.filename,
        url: file.url,
        packagetype: file.kind === "wheel" ? "bdist_wheel" : "sdist",
        digests: { sha256: file.sha256 },
        size: file.bytes.length,
        requires_python: file.requiresPython ?? null,
        yanked: file.yanked !== undefined,
        yanked_reason: typeof file.yanked === "string" ? file.yanked : null,
        upload_time: uploadTime?.replace(/\.\d+Z$/, "") ?? null,
        upload_time_iso_8601: uploadTime,
      });
    }
    const newest = newestRelease(files);
    const info = {
      name,
      version: newest?.version,
      license: newest?.license ?? null,
      requires_python: newest?.requiresPython ?? null,
      summary: "",
    };
    const urls = releases[newest?.version ?? ""] ?? [];
    sendJson(response, "application/json", { info, releases, urls });
  }

  /** A release's JSON API document: `info` describes that release (its licence), `urls` its files. */
  private sendReleaseJson(name: string, version: string, response: ServerResponse): void {
    const files = this.files.filter(
      (file) =>
        file.project === name &&
        pep440Versioning.isValid(file.version) &&
        pep440Versioning.isValid(version) &&
        pep440Versioning.compare(file.version, version) === 0,
    );
    const first = files[0];
    if (!first) {
      response.writeHead(404).end();
      return;
    }
    const info = {
      name,
      version: first.version,
      license: first.license ?? null,
      classifiers: [],
      requires_python: first.requiresPython ?? null,
    };
    sendJson(response, "application/json", {
      info,
      urls: files.map((file) => ({ filename: file.filename })),
    });
  }

  /** The media type to answer with (PEP 691 negotiation), or undefined for 406. */
  private negotiate(accept: string | undefined): string | undefined {
    if (this.form === "json") return JSON_TYPE;
    if (this.form === "html") return "text/html";
    if (!accept) return "text/html";
    let best: { type: string; q: number } | undefined;
    for (const part of accept.split(",")) {
      const [mediaRange = "", ...parameters] = part.split(";").map((piece) => piece.trim());
      const q = Number(parameters.find((p) => p.startsWith("q="))?.slice(2) ?? "1");
      const type = SERVED[mediaRange.toLowerCase()];
      if (type && q > 0 && (!best || q > best.q)) best = { type, q };
    }
    return best?.type;
  }
}

const JSON_TYPE = "application/vnd.pypi.simple.v1+json";
const SERVED: Record<string, string> = {
  [JSON_TYPE]: JSON_TYPE,
  "application/vnd.pypi.simple.latest+json": JSON_TYPE,
  "application/vnd.pypi.simple.v1+html": "application/vnd.pypi.simple.v1+html",
  "application/vnd.pypi.simple.latest+html": "application/vnd.pypi.simple.v1+html",
  "text/html": "text/html",
  "*/*": "text/html",
};

function sendJson(response: ServerResponse, type: string, document: unknown): void {
  const body = Buffer.from(JSON.stringify(document));
  response.writeHead(200, { "content-type": type, "content-length": body.length }).end(body);
}

function sendHtml(response: ServerResponse, type: string, anchors: readonly string[]): void {
  const body = Buffer.from(
    '<!DOCTYPE html>\n<html><head><meta name="pypi:repository-version" content="1.1"></head><body>\n' +
      `${anchors.join("<br>\n")}\n</body></html>\n`,
  );
  const contentType = type === "text/html" ? "text/html; charset=utf-8" : type;
  response.writeHead(200, { "content-type": contentType, "content-length": body.length }).end(body);
}

/** What PyPI's `info` describes: the newest final release with a file not yanked, else the newest. */
function newestRelease(files: readonly PublishedFile[]): PublishedFile | undefined {
  const newest = (candidates: readonly PublishedFile[]) =>
    candidates.reduce<PublishedFile | undefined>(
      (best, file) => (!best || pep440Versioning.compare(file.version, best.version) > 0 ? file : best),
      undefined,
    );
  const valid = files.filter((file) => pep440Versioning.isValid(file.version));
  const finals = valid.filter(
    (file) => file.yanked === undefined && !pep440Versioning.isPrerelease(file.version),
  );
  return newest(finals) ?? newest(valid);
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#x27;",
};

/** As Python's `html.escape`, which PyPI's templates use. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}
