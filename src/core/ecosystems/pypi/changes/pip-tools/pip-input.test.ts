import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, assert, describe, expect, it } from "vitest";
import { MemoryFiles } from "../../../../files/project-files.js";
import { readInputTree } from "./input-tree.js";
import { writePipInput } from "./pip-input.js";

const work = mkdtempSync(join(tmpdir(), "lk-pip-input-"));
const project = mkdtempSync(join(tmpdir(), "lk-pip-input-project-"));
mkdirSync(join(project, "requirements/wheels"), { recursive: true });
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(project, { recursive: true, force: true });
});

describe("writePipInput", () => {
  it("points includes at the copies, find-links at the project, and keeps only what pip accepts in constraints", () => {
    const files = new MemoryFiles({
      "requirements/dev.in":
        "# tools\n-c main.txt\n-r ../shared.in\npytest>=8  # keep\n--find-links wheels\n-f ./not-there\n",
      "shared.in": "-e ./lib\n",
      "requirements/main.txt": [
        "celery[redis]==5.6.3 \\",
        "    --hash=sha256:aa \\",
        "    --hash=sha256:bb",
        "    # via -r requirements/main.in",
        'tomli==2.0 ; python_version < "3.11" \\',
        "    --hash=sha256:cc",
        "-e file:///src/app",
        "https://example.test/x-1.0.whl",
        "mine @ https://example.test/mine-1.0.whl --hash=sha256:dd",
        "-r extra.txt",
        "",
      ].join("\n"),
      "requirements/extra.txt": "six==1.16.0 --hash=sha256:ee\n",
    });
    const tree = readInputTree(files, "requirements/dev.in");
    expect(tree.map((file) => [file.path, file.role])).toEqual([
      ["requirements/dev.in", "input"],
      ["requirements/main.txt", "constraint"],
      ["shared.in", "input"],
      ["requirements/extra.txt", "constraint"],
    ]);
    const input = writePipInput(tree, work, project);
    const copy = (path: string): string => {
      const [renamed] = input.renames.find(([, original]) => original === path) ?? [];
      assert.exists(renamed, path);
      return renamed;
    };
    const named = (path: string) => basename(copy(path));
    expect(input.entry).toBe(copy("requirements/dev.in"));
    expect(readFileSync(input.entry, "utf8")).toBe(
      `# tools\n-c ${named("requirements/main.txt")}\n-r ${named("shared.in")}\npytest>=8  # keep\n--find-links ${join(project, "requirements/wheels")}\n-f ./not-there\n`,
    );
    expect(readFileSync(copy("shared.in"), "utf8")).toBe("-e ./lib\n");
    // Same line numbers; no hashes, extras, editables or unnamed URLs.
    expect(readFileSync(copy("requirements/main.txt"), "utf8")).toBe(
      [
        "celery==5.6.3",
        "",
        "",
        "    # via -r requirements/main.in",
        'tomli==2.0 ; python_version < "3.11"',
        "",
        "",
        "",
        "mine @ https://example.test/mine-1.0.whl",
        `-r ${named("requirements/extra.txt")}`,
        "",
      ].join("\n"),
    );
    expect(readFileSync(copy("requirements/extra.txt"), "utf8")).toBe("six==1.16.0\n");
  });

  it("reports a missing include where it is written", () => {
    const files = new MemoryFiles({ "dev.in": "pytest\n-c main.txt\n" });
    expect(() => readInputTree(files, "dev.in")).toThrow(/-c main.txt: no such file/);
  });
});
