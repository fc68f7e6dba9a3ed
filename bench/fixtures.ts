import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { LockfileFormat } from "../src/core/model/types.js";

/** Benchmarks run from dist/bench or bench; the fixtures are the repository's own either way. */
const here = fileURLToPath(new URL(".", import.meta.url));
export const REPO_ROOT = resolve(here, here.includes("/dist/") ? "../.." : "..");
export const FIXTURES = resolve(REPO_ROOT, "fixtures");
export const LOCKFILES_DIR = resolve(FIXTURES, "lockfiles");

export const LOCKFILE_BENCH_CASES: { format: LockfileFormat; dir: string; lockfile: string }[] = [
  { format: "package-lock", dir: "npm/nodegoat-v1", lockfile: "package-lock.json" },
  { format: "package-lock", dir: "npm/nodegoat-v2", lockfile: "package-lock.json" },
  { format: "package-lock", dir: "npm/npm-cli-v3-workspaces", lockfile: "package-lock.json" },
  { format: "package-lock", dir: "npm/warehouse-v3", lockfile: "package-lock.json" },
  { format: "pnpm-lock", dir: "pnpm/pnpm-v5.4", lockfile: "pnpm-lock.yaml" },
  { format: "pnpm-lock", dir: "pnpm/pnpm-v6", lockfile: "pnpm-lock.yaml" },
  { format: "pnpm-lock", dir: "pnpm/changesets-v9", lockfile: "pnpm-lock.yaml" },
  { format: "yarn-lock", dir: "yarn/webpack-v1", lockfile: "yarn.lock" },
  { format: "yarn-lock", dir: "yarn/jest-berry", lockfile: "yarn.lock" },
  { format: "requirements", dir: "python/warehouse-pip-compile", lockfile: "requirements/main.txt" },
  { format: "poetry-lock", dir: "python/poetry-lock", lockfile: "poetry.lock" },
  { format: "uv-lock", dir: "python/renovate-docs-uv", lockfile: "uv.lock" },
  { format: "pipfile-lock", dir: "python/osv-schema-pipenv", lockfile: "Pipfile.lock" },
  // The largest real file of each of these formats, measured against merely parsing its bytes.
  { format: "bun-lock", dir: "bun/t3-env-workspaces", lockfile: "bun.lock" },
  { format: "pylock", dir: "python/spectree-pylock", lockfile: "pylock.toml" },
  { format: "pdm-lock", dir: "python/pydantic-pdm", lockfile: "pdm.lock" },
];
