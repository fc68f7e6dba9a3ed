import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import ts from "typescript";
import type { ImportingAdapter } from "../src/core/ecosystems/import-support.js";
import { importingEcosystems } from "../src/core/ecosystems/index.js";
import { scanSource } from "../src/core/ecosystems/npm/imports/scan-source.js";
import { checkImports } from "../src/core/imports/check-imports.js";
import { DEFAULT_CHECK_IMPORTS_SETTINGS } from "../src/core/imports/settings.js";
import { REPO_ROOT } from "./fixtures.js";
import { type BenchRow, measure, printRows } from "./measure.js";

const JS_SOURCE = /\.(?:[cm]?js|[cm]?ts|jsx|tsx)$/;

/**
 * `lk check imports` on a large real project: a temp project whose `src/` is a copy of every
 * JavaScript/TypeScript source file installed in this repository's node_modules (thousands of
 * files, tens of MB), and, where python3 is present, one whose package is a copy of Python's
 * standard library. Baselines measured in the same run: reading the same files, and TypeScript's
 * own import pre-processor (`ts.preProcessFile`) over the same JavaScript text.
 */
export async function benchCheckImports(): Promise<BenchRow[]> {
  const ecosystems = await importingEcosystems();
  const rows: BenchRow[] = [];
  const npmProject = copySources(join(REPO_ROOT, "node_modules"), "src", (name) => JS_SOURCE.test(name));
  try {
    writeFileSync(join(npmProject.root, "package.json"), JSON.stringify({ name: "bench", dependencies: {} }));
    rows.push(...benchProject("npm", npmProject, ecosystems));
    const texts = npmProject.files.map((file) => readFileSync(join(npmProject.root, file), "utf8"));
    const megabytes = texts.reduce((sum, text) => sum + text.length, 0) / 1e6;
    const scanner = measure(
      () => {
        for (const [i, text] of texts.entries())
          scanSource(text, /\.[cm]?ts$/.test(npmProject.files[i] ?? "") ? "ts" : "js");
      },
      5,
      1,
    );
    const typescript = measure(
      () => {
        for (const text of texts) ts.preProcessFile(text, true, true);
      },
      3,
      1,
    );
    rows.push({
      name: `scanner only: ${texts.length} files, ${megabytes.toFixed(1)} MB`,
      ms: scanner.medianMs,
      baseline: { name: "ts.preProcessFile", ms: typescript.medianMs },
      note: `${(megabytes / (scanner.medianMs / 1000)).toFixed(0)} MB/s`,
    });
  } finally {
    rmSync(npmProject.root, { recursive: true, force: true });
  }
  const stdlib = pythonStdlib();
  if (stdlib) {
    const pyProject = copySources(stdlib, "app", (name) => name.endsWith(".py"), [
      "test",
      "idlelib",
      "site-packages",
    ]);
    try {
      writeFileSync(join(pyProject.root, "pyproject.toml"), '[project]\nname = "bench"\ndependencies = []\n');
      rows.push(...benchProject("Python", pyProject, ecosystems));
    } finally {
      rmSync(pyProject.root, { recursive: true, force: true });
    }
  }
  printRows("lk check imports (median of 5, in-process)", rows);
  return rows;
}

interface CopiedProject {
  root: string;
  /** Relative to root. */
  files: string[];
}

function benchProject(
  label: string,
  project: CopiedProject,
  ecosystems: readonly ImportingAdapter[],
): BenchRow[] {
  const settings = { ...DEFAULT_CHECK_IMPORTS_SETTINGS, defaultExclude: false };
  let result = checkImports({ root: project.root, target: ".", settings, ecosystems });
  const timing = measure(
    () => {
      result = checkImports({ root: project.root, target: ".", settings, ecosystems });
    },
    5,
    1,
  );
  const read = measure(
    () => {
      for (const file of project.files) readFileSync(join(project.root, file), "utf8");
    },
    5,
    1,
  );
  const files = Object.values(result.files.scanned).reduce((sum, n) => sum + n, 0);
  return [
    {
      name: `${label}: ${files} files, ${(result.files.bytes / 1e6).toFixed(1)} MB, ${result.packageImports} imports`,
      ms: timing.medianMs,
      baseline: { name: "reading the files", ms: read.medianMs },
      target: { text: "< 2 s", met: timing.medianMs < 2000 },
      note: `${result.findings.length} findings`,
    },
  ];
}

/** Copies matching files (not manifests) below `from` into `<temp>/<into>/`, keeping their paths. */
function copySources(
  from: string,
  into: string,
  wanted: (name: string) => boolean,
  skip: string[] = [],
): CopiedProject {
  const root = mkdtempSync(join(tmpdir(), "lk-bench-imports-"));
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skip.includes(entry.name) && entry.name !== ".bin") walk(path);
      } else if (entry.isFile() && wanted(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name)) {
        const target = join(into, relative(from, path).replace(/(^|\/)node_modules(\/|$)/g, "$1nm$2"));
        mkdirSync(dirname(join(root, target)), { recursive: true });
        copyFileSync(path, join(root, target));
        files.push(target);
      }
    }
  };
  walk(from);
  return { root, files };
}

function pythonStdlib(): string | undefined {
  try {
    return execFileSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], {
      encoding: "utf8",
    }).trim();
  } catch {
    console.log("(python3 not found: the Python row is left out)");
    return undefined;
  }
}
