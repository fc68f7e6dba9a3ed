import { execFileSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, assert, describe, expect, it } from "vitest";
import { packTarball } from "../../ecosystems/npm/registry/test-support/tarball.js";
import { readTarFiles } from "./tar-reader.js";

const text = (bytes: Uint8Array | undefined): string | undefined =>
  bytes === undefined ? undefined : Buffer.from(bytes).toString("utf8");
const everything = (): boolean => true;

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "lk-tar-"));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Files of a source distribution whose paths need each of tar's long-name mechanisms. */
const TOP = "widget-2.1.0";
const LONG = `${TOP}/${"a".repeat(60)}/${"b".repeat(60)}.md`;
const SDIST_FILES: Record<string, string> = {
  [`${TOP}/CHANGES.rst`]: "2.1.0\n=====\n\n- new\n",
  [`${TOP}/PKG-INFO`]: "Metadata-Version: 2.1\nName: widget\nVersion: 2.1.0\n",
  [LONG]: "long path\n",
  [`${TOP}/notes/änderungen-ß.md`]: "non-ASCII path\n",
};

function writeTree(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

describe("readTarFiles", () => {
  it("reads the npm-style archives the test registry publishes", () => {
    const tgz = packTarball({
      "package.json": '{"name":"a","version":"1.0.0"}',
      "CHANGELOG.md": "# 1.0.0\n",
    });
    const files = readTarFiles(tgz, (path) => path.endsWith(".md"));
    expect([...files.keys()]).toEqual(["package/CHANGELOG.md"]);
    expect(text(files.get("package/CHANGELOG.md"))).toBe("# 1.0.0\n");
  });

  // GNU tar writes each format's own way of storing a path longer than 100 bytes.
  it.each([
    // ustar splits the path into `prefix` and `name`, so it never appears whole.
    { format: "ustar", uses: (tar: Buffer) => !tar.includes(LONG) && tar.includes(`${"b".repeat(60)}.md`) },
    { format: "gnu", uses: (tar: Buffer) => tar.includes("././@LongLink") },
    { format: "pax", uses: (tar: Buffer) => tar.includes(`path=${LONG}`) },
  ])("reads $format archives written by GNU tar, regular files only", ({ format, uses }) => {
    const root = tempDir();
    writeTree(root, SDIST_FILES);
    symlinkSync("CHANGES.rst", join(root, TOP, "HISTORY.rst"));
    mkdirSync(join(root, TOP, "empty"));
    const archive = join(root, "out.tgz");
    execFileSync("tar", ["-czf", archive, `--format=${format}`, "-C", root, TOP]);
    const tgz = readFileSync(archive);
    expect(uses(gunzipSync(tgz))).toBe(true);

    const read = readTarFiles(tgz, everything);
    expect(Object.fromEntries([...read].map(([path, bytes]) => [path, text(bytes)]))).toEqual(SDIST_FILES);
  });

  it("reads a tarball written by npm pack", () => {
    const project = tempDir();
    writeTree(project, {
      "package.json": JSON.stringify({ name: "lk-pack-probe", version: "3.0.0" }),
      "CHANGELOG.md": "## 3.0.0\n\n- packed\n",
      [`lib/${"deep/".repeat(20)}index.js`]: "module.exports = 1;\n",
    });
    const out = tempDir();
    execFileSync("npm", ["pack", project, "--ignore-scripts", "--offline", "--pack-destination", out], {
      stdio: "pipe",
    });
    const [packed] = readdirSync(out);
    assert.exists(packed);
    const tgz = readFileSync(join(out, packed));
    const read = readTarFiles(tgz, (path) => !path.endsWith("package.json"));
    expect(Object.fromEntries([...read].map(([path, bytes]) => [path, text(bytes)]))).toEqual({
      "package/CHANGELOG.md": "## 3.0.0\n\n- packed\n",
      [`package/lib/${"deep/".repeat(20)}index.js`]: "module.exports = 1;\n",
    });
  });

  it("caps what a hostile archive can make it hold", () => {
    const bomb = packTarball({ "zeros.bin": "\0".repeat(512 * 1024) });
    expect(bomb.length).toBeLessThan(4096);
    expect(() => readTarFiles(bomb, everything, { maxArchiveBytes: 64 * 1024 })).toThrow(
      /unpacks to more than 65536 bytes/,
    );

    const big = packTarball({ "CHANGELOG.md": "x".repeat(2000), "other.bin": "y".repeat(50_000) });
    const changelog = (path: string): boolean => path.endsWith(".md");
    expect(() => readTarFiles(big, changelog, { maxFileBytes: 1000 })).toThrow(
      /package\/CHANGELOG\.md is 2000 bytes, more than the 1000 allowed/,
    );
    // Entries nobody wants do not count.
    expect(readTarFiles(big, changelog, { maxFileBytes: 2000 }).size).toBe(1);

    const two = packTarball({ "a.md": "a".repeat(600), "b.md": "b".repeat(600) });
    expect(() => readTarFiles(two, everything, { maxTotalBytes: 1000 })).toThrow(
      /exceed 1000 bytes together/,
    );
  });

  it("reports archives that are not gzipped tars, corrupt or truncated", () => {
    const tar = gunzipSync(packTarball({ "CHANGELOG.md": "z".repeat(3000) }));
    expect(() => readTarFiles(new TextEncoder().encode("not gzip"), everything)).toThrow(
      /not a readable gzip file/,
    );

    const corrupt = Buffer.from(tar);
    corrupt.writeUInt8(corrupt.readUInt8(3) ^ 0x20, 3);
    expect(() => readTarFiles(gzipSync(corrupt), everything)).toThrow(/bad header checksum at byte 0/);

    expect(() => readTarFiles(gzipSync(tar.subarray(0, 2048)), everything)).toThrow(/truncated/);
  });
});
