import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../cli/test-support/golden-text.js";
import { createTestDatabase, type TestDatabase } from "./postgres.js";

/** The built binary as an operator runs it (npm test builds first). */
export const BIN = join(REPO_ROOT, "dist/bundle/main.js");

export interface RunningServer {
  child: ChildProcess;
  url: URL;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): { stdout: string; stderr: string };
}

/**
 * `lk serve` processes, temporary folders and PostgreSQL databases of a test file, all removed by
 * `cleanUp` (call it in afterEach): a failed test must not leave a server running, a folder or a
 * database behind.
 */
export function serveProcesses() {
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  const databases: TestDatabase[] = [];

  function tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), "lk-serve-"));
    dirs.push(dir);
    return dir;
  }

  return {
    tempDir,

    async database(): Promise<TestDatabase> {
      const database = await createTestDatabase();
      databases.push(database);
      return database;
    },

    /** Starts `lk serve` on a free loopback port and resolves once it prints the URL it listens on. */
    async startServer(env: Record<string, string>): Promise<RunningServer> {
      const cwd = tempDir();
      const child = spawn(process.execPath, [BIN, "serve"], {
        cwd,
        // Without the sample projects unless a test asks: seeding takes seconds.
        env: { PATH: process.env.PATH ?? "", LK_HOST: "127.0.0.1", LK_PORT: "0", LK_SEED: "false", ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      children.push(child);
      let stdout = "";
      let stderr = "";
      child.stderr?.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.on("close", (code, signal) => resolve({ code, signal })),
      );
      const url = await new Promise<URL>((resolve, reject) => {
        child.stdout?.on("data", (chunk: Buffer) => {
          stdout += chunk.toString();
          const match = /^lk: listening on (http:\/\/\S+)\n/m.exec(stdout);
          if (match?.[1]) resolve(new URL(match[1]));
        });
        void exited.then(({ code }) => reject(new Error(`lk serve exited with ${code}: ${stderr}`)));
      });
      return { child, url, exited, output: () => ({ stdout, stderr }) };
    },

    /**
     * Stops what is still running (SIGTERM, then SIGKILL for one that does not stop within 5 s), then
     * removes the folders and drops the databases.
     */
    async cleanUp(): Promise<void> {
      await Promise.all(
        children.splice(0).map(async (child) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const closed = new Promise((resolve) => child.once("close", resolve));
          child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
          await closed;
          clearTimeout(timer);
        }),
      );
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
      await Promise.allSettled(databases.splice(0).map((database) => database.drop()));
    },
  };
}

/** Whether nothing listens on `url`'s port any more. */
export function portIsClosed(url: URL): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    socket.on("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.on("error", () => resolve(true));
  });
}
