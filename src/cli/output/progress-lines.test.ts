import { describe, expect, it } from "vitest";
import { ProgressLines } from "./progress-lines.js";

function lines(isTTY: boolean) {
  const io = {
    err: "",
    isTTY,
    stderr(text: string) {
      io.err += text;
    },
  };
  return { io, progress: new ProgressLines(io) };
}

describe("ProgressLines", () => {
  it("redraws one line in place at most ten times a second, and always the last step", () => {
    const { io, progress } = lines(true);
    for (let done = 0; done <= 500; done++)
      progress.show({ kind: "progress", label: "asking", done, total: 500 });
    const draws = io.err.split("\r\u001b[K").filter(Boolean);
    expect(draws.length).toBeLessThanOrEqual(3);
    expect(draws.at(-1)).toBe("asking: 500/500");
    progress.clear();
    expect(io.err.endsWith("\r\u001b[K")).toBe(true);
  });

  it("draws nothing when stderr is not a terminal, but still prints warnings", () => {
    const { io, progress } = lines(false);
    progress.show({ kind: "progress", label: "asking", done: 1, total: 1 });
    progress.show({ kind: "lockfile", path: "package-lock.json", index: 0, total: 1 });
    expect(io.err).toBe("");
    progress.show({ kind: "warning", message: "slow registry" });
    expect(io.err).toBe("lk: warning: slow registry\n");
  });
});
