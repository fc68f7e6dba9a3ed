import type { ChildProcess } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import type { LockkeeperError } from "../errors.js";
import { cancelledError } from "../process/cancellation.js";
import { startProcess } from "../process/start-process.js";
import { gitFailure, spawnError } from "./git-failure.js";
import { type GitContext, gitEnv } from "./git-runner.js";

interface Pending {
  resolve(content: Buffer | undefined): void;
  reject(error: unknown): void;
}

/**
 * One long-lived `git cat-file --batch`: objects are requested by id (or `rev:path`) and read back
 * from a single stream, so thousands of blobs cost one process instead of thousands.
 */
export class GitBlobReader {
  private readonly child: ChildProcess & { stdin: Writable; stdout: Readable; stderr: Readable };
  private readonly queue: Pending[] = [];
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Body size of the object whose header was read, or -1 while waiting for a header. */
  private expecting = -1;
  private failure: LockkeeperError | undefined;
  private stderr = "";

  constructor(cwd: string, git: GitContext) {
    const { signal } = git;
    this.child = startProcess("git", ["cat-file", "--batch"], {
      cwd,
      env: gitEnv(git.env),
      stdin: "pipe",
      ...(signal ? { signal } : {}),
    }) as GitBlobReader["child"];
    this.child.stdout.on("data", (chunk: Buffer) => this.onData(chunk));
    this.child.stderr.on("data", (chunk: Buffer) => {
      this.stderr += chunk.toString("utf8");
    });
    this.child.on("error", (error) => this.fail(spawnError(error, cwd)));
    this.child.on("close", () =>
      this.fail(
        signal?.aborted
          ? cancelledError("reading git objects", signal)
          : gitFailure(this.stderr || "git cat-file exited", cwd, "git cat-file --batch"),
      ),
    );
    // A write after the process died would otherwise crash the process with EPIPE.
    this.child.stdin.on("error", () => {});
  }

  /** Contents of objects by id or `rev:path`, undefined for those that do not exist; in request order. */
  readMany(names: readonly string[]): Promise<(Buffer | undefined)[]> {
    if (names.length === 0) return Promise.resolve([]);
    if (this.failure) return Promise.reject(this.failure);
    // A line break would split one request into two and shift every answer after it.
    const bad = names.find((name) => /[\n\r]/.test(name));
    if (bad !== undefined)
      return Promise.reject(new Error(`object name with a line break: ${JSON.stringify(bad)}`));
    const promises = names.map(
      () =>
        new Promise<Buffer | undefined>((resolve, reject) => {
          this.queue.push({ resolve, reject });
        }),
    );
    this.child.stdin.write(`${names.join("\n")}\n`);
    return Promise.all(promises);
  }

  read(name: string): Promise<Buffer | undefined> {
    return this.readMany([name]).then((list) => list[0]);
  }

  close(): void {
    this.child.stdin.end();
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.expecting < 0) {
        const header = this.takeLine();
        if (header === undefined) return;
        if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
          this.queue.shift()?.resolve(undefined);
          continue;
        }
        // `<oid> <type> <size>`
        this.expecting = Number(header.slice(header.lastIndexOf(" ") + 1));
      }
      // The body is followed by one newline.
      if (this.buffered < this.expecting + 1) return;
      const all = this.take(this.expecting + 1);
      this.expecting = -1;
      this.queue.shift()?.resolve(all.subarray(0, all.length - 1));
    }
  }

  private takeLine(): string | undefined {
    let offset = 0;
    for (let i = 0; i < this.chunks.length; i++) {
      const chunk = this.chunks[i] as Buffer;
      const newline = chunk.indexOf(10);
      if (newline >= 0) return this.take(offset + newline + 1).toString("utf8", 0, offset + newline);
      offset += chunk.length;
    }
    return undefined;
  }

  /** Removes and returns the first `length` buffered bytes (copying only when they span chunks). */
  private take(length: number): Buffer {
    const first = this.chunks[0] as Buffer;
    let result: Buffer;
    if (first.length >= length) {
      result = first.subarray(0, length);
    } else {
      const all = Buffer.concat(this.chunks, this.buffered);
      this.chunks = [all];
      result = all.subarray(0, length);
    }
    const head = this.chunks[0] as Buffer;
    if (head.length === length) this.chunks.shift();
    else this.chunks[0] = head.subarray(length);
    this.buffered -= length;
    return result;
  }

  private fail(error: LockkeeperError): void {
    this.failure ??= error;
    for (const pending of this.queue.splice(0)) pending.reject(this.failure);
  }
}
