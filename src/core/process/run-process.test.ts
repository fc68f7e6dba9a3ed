import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { runProcess } from "./run-process.js";

const options = { cwd: tmpdir(), env: process.env, shell: true };

describe("runProcess", () => {
  it("returns the exit code and the end of the output, line by line for progress", async () => {
    const lines: string[] = [];
    const outcome = await runProcess("echo one; echo two >&2; exit 3", [], {
      ...options,
      onLine: (l) => lines.push(l),
    });
    expect(outcome).toMatchObject({ exitCode: 3, timedOut: false });
    expect(outcome.outputTail).toContain("one\n");
    expect(outcome.outputTail).toContain("two\n");
    expect(lines.sort()).toEqual(["one", "two"]);
  });

  it("stops a command that outlives its timeout, with the children its shell started", async () => {
    const started = Date.now();
    const outcome = await runProcess("sleep 30 & sleep 30; echo never", [], { ...options, timeoutMs: 300 });
    expect(outcome.timedOut).toBe(true);
    expect(outcome.exitCode).toBeNull();
    expect(outcome.outputTail).not.toContain("never");
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("reports a program that cannot start instead of throwing", async () => {
    const outcome = await runProcess("/no/such/program", [], { cwd: tmpdir(), env: process.env });
    expect(outcome.exitCode).toBeNull();
    expect(outcome.outputTail).toContain("ENOENT");
  });

  it("collects standard output whole and feeds standard input when asked", async () => {
    const outcome = await runProcess("cat", [], {
      cwd: tmpdir(),
      env: process.env,
      input: "x".repeat(100_000),
      collectStdout: true,
    });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout.toString("utf8")).toBe("x".repeat(100_000));
  });

  it("stops the process and what it started when cancelled, then rejects with CANCELLED", async () => {
    const controller = new AbortController();
    let grandchild: number | undefined;
    const running = runProcess("sleep 30 & echo $!; wait", [], {
      ...options,
      signal: controller.signal,
      onLine: (line) => {
        grandchild = Number(line);
        controller.abort("test");
      },
    });
    await expect(running).rejects.toMatchObject({ code: "CANCELLED" });
    expect(grandchild).toBeGreaterThan(0);
    expect(isRunning(grandchild)).toBe(false);
  });

  it("does not start at all when already cancelled", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(runProcess("true", [], { ...options, signal: controller.signal })).rejects.toMatchObject({
      code: "CANCELLED",
    });
  });
});

/** Running, as opposed to gone or a zombie nobody has reaped yet (Linux: /proc/<pid>/stat). */
function isRunning(pid: number | undefined): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}
