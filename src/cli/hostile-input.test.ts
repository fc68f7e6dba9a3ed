import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bufferIo } from "./io.js";
import { run } from "./run.js";

/** Input built to hang, exhaust memory or crash a reader: each must end quickly with exit 2 and one clear line. */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "lk-hostile-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function lk(...args: string[]) {
  const io = bufferIo(dir);
  const code = await run(args, io);
  return { code, out: io.out, err: io.err };
}

const LOCK = `${JSON.stringify({
  name: "app",
  lockfileVersion: 3,
  packages: { "": { name: "app", dependencies: { a: "1.0.0" } }, "node_modules/a": { version: "1.0.0" } },
})}\n`;

describe("files that are not regular files", () => {
  it("refuses a FIFO given by name, without waiting for a writer", async () => {
    execFileSync("mkfifo", [join(dir, "package-lock.json")]);
    const { code, err } = await lk("inventory", "package-lock.json");
    expect(err).toBe("lk: error: package-lock.json: not a regular file: a named pipe (FIFO)\n");
    expect(code).toBe(2);
  });

  it("refuses a lockfile linked to /dev/zero instead of reading it for ever", async () => {
    symlinkSync("/dev/zero", join(dir, "package-lock.json"));
    const { code, err } = await lk("inventory", "package-lock.json");
    expect(err).toBe("lk: error: package-lock.json: not a regular file: a device\n");
    expect(code).toBe(2);
  });

  it("reports a FIFO found by the directory walk beside lockfiles it reads", async () => {
    execFileSync("mkdir", ["-p", join(dir, "a"), join(dir, "b")]);
    writeFileSync(join(dir, "a", "package-lock.json"), LOCK);
    execFileSync("mkfifo", [join(dir, "b", "package-lock.json")]);
    const { code, out, err } = await lk("inventory", ".");
    expect(out).toMatch(/^a\/package-lock\.json\s+npm/m);
    expect(out).toContain("b/package-lock.json: NOT READ: not a regular file: a named pipe (FIFO)");
    expect(err).toContain("b/package-lock.json");
    expect(code).toBe(2);
  });

  it("follows a symbolic link to a real lockfile in the walk", async () => {
    writeFileSync(join(dir, "real.json"), LOCK);
    symlinkSync(join(dir, "real.json"), join(dir, "package-lock.json"));
    const { code, out } = await lk("inventory", ".");
    expect(out).toMatch(/^package-lock\.json\s+npm\s+package-lock 3\s+1\s/m);
    expect(code).toBe(0);
  });

  it("refuses a lockfile above limits.maxFileSize, and a FIFO as lockkeeper.yaml", async () => {
    writeFileSync(join(dir, "package-lock.json"), LOCK);
    writeFileSync(join(dir, "lockkeeper.yaml"), "limits:\n  maxFileSize: 100\n");
    const big = await lk("inventory", "package-lock.json");
    expect(big.err).toMatch(/^lk: error: package-lock\.json: larger than the limit of 100 bytes\n/);
    expect(big.code).toBe(2);
    writeFileSync(join(dir, "lockkeeper.yaml"), "limits:\n  maxFileSize: 1KiB\n");
    expect((await lk("inventory", "package-lock.json")).code).toBe(0);

    rmSync(join(dir, "lockkeeper.yaml"));
    execFileSync("mkfifo", [join(dir, "lockkeeper.yaml")]);
    const fifo = await lk("inventory", "package-lock.json");
    expect(fifo.err).toBe(
      `lk: error: ${join(dir, "lockkeeper.yaml")}: not a regular file: a named pipe (FIFO)\n`,
    );
    expect(fifo.code).toBe(2);
  });
});

/** "Billion laughs": nine levels of nine aliases each, 9^9 strings once expanded. */
function aliasBomb(under: string): string {
  const lines = [`${under}:`, '  a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let level = 1; level < 9; level++) {
    const name = String.fromCharCode(97 + level);
    const previous = String.fromCharCode(96 + level);
    lines.push(`  ${name}: &${name} [${Array(9).fill(`*${previous}`).join(", ")}]`);
  }
  return `${lines.join("\n")}\n`;
}

describe("YAML alias bombs", () => {
  it("in lockkeeper.yaml: exit 2 naming the file, at once", async () => {
    writeFileSync(join(dir, "package-lock.json"), LOCK);
    writeFileSync(join(dir, "lockkeeper.yaml"), aliasBomb("x-bomb"));
    const started = Date.now();
    const { code, err } = await lk("inventory", ".");
    expect(Date.now() - started).toBeLessThan(5000);
    expect(err).toContain(`${join(dir, "lockkeeper.yaml")}:1:1: too many YAML alias expansions`);
    expect(err).not.toContain("internal error");
    expect(code).toBe(2);
  });

  it("in .lockkeeper/ignores.yaml: exit 2 naming the file", async () => {
    writeFileSync(join(dir, "package-lock.json"), LOCK);
    mkdirSync(join(dir, ".lockkeeper"));
    writeFileSync(join(dir, ".lockkeeper", "ignores.yaml"), aliasBomb("ignores"));
    const { code, err } = await lk("scan", ".");
    expect(err).toContain(`${join(dir, ".lockkeeper", "ignores.yaml")}:1:1: too many YAML alias expansions`);
    expect(err).not.toContain("internal error");
    expect(code).toBe(2);
  });

  it("in a yarn berry yarn.lock: its reader expands no aliases; the odd entry is listed as skipped", async () => {
    writeFileSync(join(dir, "yarn.lock"), `__metadata:\n  version: 6\n\n${aliasBomb("bomb")}`);
    const { code, out, err } = await lk("inventory", "yarn.lock");
    expect(out).toContain("yarn.lock: parsed 0 of 1 entry");
    expect(err).not.toContain("internal error");
    expect(code).toBe(0);
  });

  it("in pnpm-lock.yaml: anchors are refused with the line", async () => {
    writeFileSync(join(dir, "pnpm-lock.yaml"), `lockfileVersion: '9.0'\n${aliasBomb("importers")}`);
    const { code, err } = await lk("inventory", "pnpm-lock.yaml");
    expect(err).toMatch(/^lk: error: pnpm-lock\.yaml:3: YAML: /);
    expect(code).toBe(2);
  });
});

describe("-o/--output paths that cannot be written", () => {
  it.each([
    ["sbom", "folder does not exist"],
    ["scan", "folder does not exist"],
    ["notice", "folder does not exist"],
  ])("lk %s -o into a missing folder: one line and exit 2", async (command, reason) => {
    writeFileSync(join(dir, "package-lock.json"), LOCK);
    // An installed copy with a licence text, so that notice has something to write.
    mkdirSync(join(dir, "node_modules", "a"), { recursive: true });
    writeFileSync(
      join(dir, "node_modules", "a", "package.json"),
      '{"name":"a","version":"1.0.0","license":"MIT"}',
    );
    writeFileSync(join(dir, "node_modules", "a", "LICENSE"), "MIT License\n");
    const { code, err } = await lk(command, ".", "-o", "/nonexistent/dir/x.json");
    expect(err).toContain(`lk: error: cannot write /nonexistent/dir/x.json: ${reason}\n`);
    expect(err).not.toContain("internal error");
    expect(code).toBe(2);
  });

  it("an output path that is a folder, or below a file", async () => {
    writeFileSync(join(dir, "package-lock.json"), LOCK);
    mkdirSync(join(dir, "out"));
    const folder = await lk("sbom", ".", "-o", "out");
    expect(folder.err).toBe("lk: error: cannot write out: it is a folder\n");
    expect(folder.code).toBe(2);
    const belowFile = await lk("sbom", ".", "-o", "package-lock.json/x.json");
    expect(belowFile.err).toBe(
      "lk: error: cannot write package-lock.json/x.json: a part of the path is not a folder\n",
    );
    expect(belowFile.code).toBe(2);
  });

  // root writes through any mode bits
  it.skipIf(process.getuid?.() === 0)("an output folder without write permission", async () => {
    writeFileSync(join(dir, "package-lock.json"), LOCK);
    mkdirSync(join(dir, "locked"), { mode: 0o000 });
    try {
      const { code, err } = await lk("sbom", ".", "-o", "locked/x.json");
      expect(err).toBe("lk: error: cannot write locked/x.json: permission denied\n");
      expect(code).toBe(2);
    } finally {
      execFileSync("chmod", ["755", join(dir, "locked")]);
    }
  });
});

describe("lockfiles nested 10,000 levels deep", () => {
  it("pnpm-lock.yaml, by indentation or flow brackets: the file, the line and exit 2", async () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => `${" ".repeat(i + 2)}k${i}:`).join("\n");
    writeFileSync(join(dir, "pnpm-lock.yaml"), `lockfileVersion: '9.0'\nimporters:\n${keys}\n`);
    const block = await lk("inventory", "pnpm-lock.yaml");
    expect(block.err).toMatch(/^lk: error: pnpm-lock\.yaml:\d+: YAML: nested too deeply to read\n$/);
    expect(block.code).toBe(2);

    const flow = `lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      a: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`;
    writeFileSync(join(dir, "pnpm-lock.yaml"), flow);
    const brackets = await lk("inventory", "pnpm-lock.yaml");
    expect(brackets.err).toBe("lk: error: pnpm-lock.yaml:5: YAML: nested too deeply to read\n");
    expect(brackets.code).toBe(2);
  });

  it("package-lock.json: a v1 tree 10,000 levels deep is read, and lk why follows a 10,000-package chain", async () => {
    const depth = 10_000;
    let tree = "{}";
    for (let i = depth - 1; i >= 0; i--)
      tree = `{"a${i}":{"version":"1.0.0","requires":{"a${i + 1}":"1.0.0"},"dependencies":${tree}}}`;
    writeFileSync(join(dir, "package-lock.json"), `{"lockfileVersion":1,"dependencies":${tree}}`);
    const inventory = await lk("inventory", ".");
    expect(inventory.out).toMatch(/^package-lock\.json\s+npm\s+package-lock 1\s+10000\s/m);
    expect(inventory.code).toBe(0);
    const why = await lk("why", "a9999", ".");
    expect(why.err).not.toContain("internal error");
    expect(why.out).toMatch(/^a9999@1\.0\.0 in package-lock\.json: prod, transitive/m);
    expect(why.code).toBe(0);
  });
});

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding these characters is the point.
const RAW_CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;

describe("binary files named like lockfiles", () => {
  // A PNG's signature and header, then an escape sequence that would clear the screen.
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
    Buffer.from("\u001b[2J\u001b]0;owned\u0007\u0000\u0001\u009b", "utf8"),
  ]);

  it("quotes a binary package-lock.json with its control bytes escaped, named or found", async () => {
    writeFileSync(join(dir, "package-lock.json"), png);
    const named = await lk("inventory", "package-lock.json");
    expect(named.err).toMatch(/^lk: error: package-lock\.json:1: invalid JSON \(/);
    expect(named.err).toContain('"\uFFFDPNG\\r'); // the carriage return after "PNG", escaped
    expect(named.err).not.toMatch(RAW_CONTROL);
    expect(named.code).toBe(2);

    writeFileSync(join(dir, "package-lock.json"), "\u001b]0;owned\u0007\u001b[2J{}");
    const sequence = await lk("inventory", "package-lock.json");
    expect(sequence.err).toContain("\\x1b]0;owned\\x07\\x1b[2J");
    expect(sequence.err).not.toMatch(RAW_CONTROL);

    writeFileSync(join(dir, "package-lock.json"), png);
    mkdirSync(join(dir, "ok"));
    writeFileSync(join(dir, "ok", "package-lock.json"), LOCK);
    const found = await lk("inventory", ".");
    expect(found.out).toContain("package-lock.json: NOT READ (line 1): invalid JSON (");
    expect(`${found.out}${found.err}`).not.toMatch(RAW_CONTROL);
    expect(found.code).toBe(2);
  });

  it("escapes control characters in a pnpm-lock.yaml, in a package name shown in a table", async () => {
    writeFileSync(join(dir, "pnpm-lock.yaml"), png);
    const binary = await lk("inventory", "pnpm-lock.yaml");
    expect(binary.err).not.toMatch(RAW_CONTROL);
    expect(binary.code).toBe(2);

    const lock = JSON.parse(LOCK);
    lock.packages["node_modules/\u001b[2Ja"] = { version: "1.0.0" };
    writeFileSync(join(dir, "package-lock.json"), JSON.stringify(lock));
    const table = await lk("inventory", "--packages", "package-lock.json");
    expect(table.out).toContain("\\x1b[2Ja");
    expect(table.out).not.toMatch(RAW_CONTROL);
  });
});

describe("duplicate keys in package-lock.json", () => {
  it("a packages map that repeats one key many times: exit 2 naming the key and its line", async () => {
    const repeated = Array.from(
      { length: 10_000 },
      (_, i) => `    "node_modules/a": {"version": "1.0.${i}"}`,
    );
    const text = `{\n  "lockfileVersion": 3,\n  "packages": {\n    "": {"dependencies": {"a": "1"}},\n${repeated.join(",\n")}\n  }\n}\n`;
    writeFileSync(join(dir, "package-lock.json"), text);
    const { code, err } = await lk("inventory", "package-lock.json");
    expect(err).toBe(
      'lk: error: package-lock.json:6: duplicate key "node_modules/a" in "packages" (first at line 5): npm writes each entry once; a repeated one would hide the other\n',
    );
    expect(code).toBe(2);
  });
});
