import { gzipSync } from "node:zlib";
import { prepareSnapshotUpload, type SnapshotUpload } from "../../core/app/push.js";
import { LockkeeperError } from "../../core/errors.js";
import { HttpClient, type HttpResponse } from "../../core/http/http-client.js";
import type { SnapshotReport } from "../../server/snapshots/report.js";
import { cliContext } from "../context.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { renderPushText } from "../output/push-text.js";
import { writeOutputFile } from "../output/write-output.js";
import { PLAIN, stdoutTerminal } from "../terminal.js";
import { toolVersion } from "../version.js";

export interface PushOptions {
  server?: string;
  project?: string;
  branch?: string;
  commit?: string;
  format: string;
  output?: string;
  config?: string;
  timeout?: string;
}

/**
 * `lk push`: sends the target's snapshot to a Lockkeeper server and prints the verdict the server
 * answers with, with `lk scan`'s exit codes: 0 passed, 1 failed, 2 not checked, incomplete, or the
 * push refused. The token comes from LK_TOKEN (never a flag: flags show in `ps` and CI logs).
 */
export async function pushCommand(io: CliIo, target: string, options: PushOptions): Promise<number> {
  const server = options.server ?? io.env.LK_SERVER_URL;
  const project = options.project ?? io.env.LK_PROJECT;
  const token = io.env.LK_TOKEN;
  const missing = [
    server ? undefined : "--server (or LK_SERVER_URL)",
    project ? undefined : "--project (or LK_PROJECT)",
    token ? undefined : "an API token in LK_TOKEN",
  ].filter(Boolean);
  if (missing.length > 0 || !server || !project || !token) {
    throw new LockkeeperError("USAGE", `lk push needs ${missing.join(", ")}`, {
      hint: "create a token with the ci role for the project (POST /api/v1/tokens), and keep it in your CI's secrets",
    });
  }
  const base = serverBase(server);
  const context = cliContext(io);
  const upload = await prepareSnapshotUpload(context, {
    target,
    ...(options.config ? { configFile: options.config } : {}),
  });
  const git = {
    ...upload.git,
    ...(options.branch ? { branch: options.branch } : {}),
    ...(options.commit ? { commit: options.commit } : {}),
  };
  const client = new HttpClient(options.timeout ? { timeoutMs: seconds(options.timeout) * 1000 } : {});
  const response = await client.request(pushUrl(base, project, upload, git), {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": upload.kind === "sbom" ? upload.mediaType : "application/json",
      "content-encoding": "gzip",
      accept: "application/json",
      "user-agent": `lockkeeper/${toolVersion()}`,
    },
    body: gzipSync(upload.kind === "sbom" ? upload.content : JSON.stringify({ files: upload.files, git })),
    // Retried on 429/5xx and network errors: the server answers a retry of the same content and
    // commit with the snapshot it stored, so a lost answer cannot make a second snapshot.
    signal: context.signal,
  });
  if (response.status !== 200 && response.status !== 201) throw refusal(response, project);
  const report = JSON.parse(Buffer.from(response.body).toString("utf8")) as SnapshotReport;
  const text =
    options.format === "json"
      ? `${JSON.stringify(report, null, 2)}\n`
      : renderPushText(report, base, options.output ? PLAIN : stdoutTerminal(io));
  if (options.output) await writeOutputFile(io.cwd, options.output, text);
  else io.stdout(text);
  const outcome = report.verdict.outcome;
  if (outcome === "not-checked" || outcome === "incomplete") return EXIT.INPUT;
  return outcome === "failed" ? EXIT.FINDINGS : EXIT.OK;
}

function seconds(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new LockkeeperError("USAGE", `--timeout takes a number of seconds above 0, not "${text}"`);
  }
  return value;
}

function serverBase(server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new LockkeeperError("USAGE", `--server: not a URL: ${server}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new LockkeeperError("USAGE", `--server: an http:// or https:// URL, not ${url.protocol}`);
  }
  return url.toString().replace(/\/$/, "");
}

function pushUrl(
  base: string,
  project: string,
  upload: SnapshotUpload,
  git: Record<string, string | undefined>,
): string {
  const url = new URL(`${base}/api/v1/projects/${encodeURIComponent(project)}/snapshots`);
  // An SBOM body is the SBOM itself: where it came from travels in the query.
  if (upload.kind === "sbom") {
    for (const [name, value] of Object.entries(git)) if (value) url.searchParams.set(name, value);
  }
  return url.toString();
}

/** The server's problem details as one error, with its hint and the first listed errors. */
function refusal(response: HttpResponse, project: string): LockkeeperError {
  let problem: {
    title?: string;
    detail?: string;
    hint?: string;
    errors?: { pointer?: string; detail?: string }[];
  } = {};
  try {
    problem = JSON.parse(Buffer.from(response.body).toString("utf8"));
  } catch {
    // not a problem document (a proxy's error page): the status says enough
  }
  const reason = problem.detail ?? problem.title ?? `HTTP ${response.status}`;
  const details = (problem.errors ?? []).slice(0, 5).map((e) => `${e.pointer ?? ""}: ${e.detail ?? ""}`);
  const hint =
    response.status === 401
      ? "LK_TOKEN is not a valid token on this server (expired or revoked?)"
      : response.status === 404
        ? `create the project first, or use a token that may reach ${project}`
        : problem.hint;
  return new LockkeeperError(
    "USAGE",
    `the server refused the push (${response.status}): ${reason}${details.length > 0 ? `\n  ${details.join("\n  ")}` : ""}`,
    hint ? { hint } : {},
  );
}
