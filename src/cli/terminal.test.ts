import { describe, expect, it } from "vitest";
import { bufferIo } from "./io.js";
import { renderTable } from "./output/table.js";
import { run } from "./run.js";
import { paint, stdoutTerminal } from "./terminal.js";
import { REPO_ROOT } from "./test-support/golden-text.js";

const ESC = "\u001b[";

describe("stdoutTerminal", () => {
  const tty = (env: NodeJS.ProcessEnv, stdoutIsTTY = true) =>
    stdoutTerminal({ env, stdoutIsTTY, columns: 80 });

  it("colours a terminal, not a pipe", () => {
    expect(tty({}).color).toBe(true);
    expect(tty({}, false).color).toBe(false);
  });

  it("never colours with NO_COLOR (non-empty), even forced", () => {
    expect(tty({ NO_COLOR: "1" }).color).toBe(false);
    expect(tty({ NO_COLOR: "1", FORCE_COLOR: "1" }).color).toBe(false);
    expect(tty({ NO_COLOR: "" }).color).toBe(true);
  });

  it("always colours with FORCE_COLOR, except FORCE_COLOR=0", () => {
    expect(tty({ FORCE_COLOR: "1" }, false).color).toBe(true);
    expect(tty({ FORCE_COLOR: "true" }, false).color).toBe(true);
    expect(tty({ FORCE_COLOR: "0" }).color).toBe(false);
  });

  it("fits tables only to a terminal's width", () => {
    expect(tty({}).width).toBe(80);
    expect(tty({}, false).width).toBeUndefined();
  });
});

describe("renderTable on a terminal", () => {
  const rows = [
    { name: "left-pad", path: "packages/very/deep/nested/workspace/member/package-lock.json", n: 1 },
    { name: "react", path: "package-lock.json", n: 12 },
  ];
  const columns = [
    { header: "NAME", value: (r: (typeof rows)[number]) => r.name, keep: true },
    { header: "PATH", value: (r: (typeof rows)[number]) => r.path },
    { header: "N", value: (r: (typeof rows)[number]) => String(r.n), align: "right" as const },
  ];

  it("keeps every cell whole when piped", () => {
    expect(renderTable(columns, rows)).toContain(rows[0]?.path);
  });

  it("shortens the widest free-text column with … so each row fits", () => {
    const text = renderTable(columns, rows, { color: false, width: 40 });
    for (const line of text.trimEnd().split("\n")) expect(line.length).toBeLessThanOrEqual(40);
    expect(text).toMatch(/^left-pad {2}packages\/very\/deep\/nested… {3}1$/m);
    expect(text).toContain("react     package-lock.json");
  });

  it("colours a cell without counting the escape codes as width", () => {
    const styled = [{ ...columns[0], style: () => "red" as const }, columns[2]];
    const text = renderTable(styled as typeof columns, rows, { color: true });
    expect(text).toContain(`${ESC}31mleft-pad${ESC}0m   1`);
  });
});

describe("colour in command output", () => {
  async function scan(env: NodeJS.ProcessEnv) {
    const io = bufferIo(REPO_ROOT);
    io.env = { ...io.env, NO_COLOR: "", ...env };
    await run(["scan", "examples/goats"], io);
    return io.out;
  }

  it("paints severities and the verdict when forced, and nothing otherwise", async () => {
    const forced = await scan({ FORCE_COLOR: "1" });
    expect(forced).toContain(paint({ color: true }, "red", "high 8.2"));
    expect(forced).toContain(paint({ color: true }, "red", "FAILED"));
    const plain = await scan({});
    expect(plain).not.toContain(ESC);
    const stripped = forced
      .split(ESC)
      .map((part, i) => (i === 0 ? part : part.replace(/^\d+m/, "")))
      .join("");
    expect(plain).toBe(stripped);
  });
});

describe("wrap", () => {
  it("breaks a long advisory title at spaces under its indent, only when a width is known", async () => {
    const { wrap } = await import("./output/scan-table.js");
    const line = `${" ".repeat(16)}Regular expression denial of service in the parsing of very long headers`;
    expect(wrap(line, undefined, " ".repeat(16))).toBe(line);
    const wrapped = wrap(line, 50, " ".repeat(16)).split("\n");
    expect(wrapped.length).toBeGreaterThan(1);
    for (const part of wrapped) {
      expect(part.length).toBeLessThanOrEqual(50);
      expect(part.startsWith(" ".repeat(16))).toBe(true);
    }
    expect(wrapped.map((part) => part.trim()).join(" ")).toBe(line.trim());
  });
});
