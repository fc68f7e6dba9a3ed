import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { LockfileFormat } from "../core/model/types.js";

/** The repository root (this file is src/test-support/fixtures.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Real lockfiles, advisories, registry metadata, schemas and git histories (fixtures/README.md). */
export const FIXTURES = resolve(REPO_ROOT, "fixtures");

export const LOCKFILES = join(FIXTURES, "lockfiles");

/** A real lockfile: its directory under fixtures/lockfiles and its path inside it. */
export interface LockfileFixture {
  dir: string;
  lockfile: string;
}

/** Every real lockfile, by format. The shared contract suite runs each parser on each of its fixtures. */
export const LOCKFILE_FIXTURES: Record<Exclude<LockfileFormat, "cyclonedx" | "spdx">, LockfileFixture[]> = {
  "package-lock": [
    { dir: "npm/nodegoat-v1", lockfile: "package-lock.json" },
    { dir: "npm/nodegoat-v2", lockfile: "package-lock.json" },
    { dir: "npm/npm-cli-v3-workspaces", lockfile: "package-lock.json" },
    { dir: "npm/warehouse-v3", lockfile: "package-lock.json" },
  ],
  "pnpm-lock": [
    { dir: "pnpm/pnpm-v5.4", lockfile: "pnpm-lock.yaml" },
    { dir: "pnpm/pnpm-v6", lockfile: "pnpm-lock.yaml" },
    { dir: "pnpm/changesets-v9", lockfile: "pnpm-lock.yaml" },
  ],
  "yarn-lock": [
    { dir: "yarn/webpack-v1", lockfile: "yarn.lock" },
    { dir: "yarn/jest-berry", lockfile: "yarn.lock" },
  ],
  "bun-lock": [
    { dir: "bun/t3-env-workspaces", lockfile: "bun.lock" },
    { dir: "bun/hono", lockfile: "bun.lock" },
    { dir: "bun/elysia", lockfile: "bun.lock" },
  ],
  requirements: [
    { dir: "python/pygoat-requirements", lockfile: "requirements.txt" },
    { dir: "python/warehouse-pip-compile", lockfile: "requirements/main.txt" },
    { dir: "python/warehouse-pip-compile", lockfile: "requirements/dev.txt" },
    { dir: "python/warehouse-pip-compile", lockfile: "requirements/tests.txt" },
    { dir: "python/warehouse-pip-compile", lockfile: "requirements/lint.txt" },
    { dir: "python/warehouse-pip-compile", lockfile: "requirements/deploy.txt" },
  ],
  "requirements-in": [
    { dir: "python/warehouse-pip-compile", lockfile: "requirements/main.in" },
    { dir: "python/warehouse-pip-compile", lockfile: "requirements/dev.in" },
  ],
  "poetry-lock": [{ dir: "python/poetry-lock", lockfile: "poetry.lock" }],
  "uv-lock": [{ dir: "python/renovate-docs-uv", lockfile: "uv.lock" }],
  "pipfile-lock": [{ dir: "python/osv-schema-pipenv", lockfile: "Pipfile.lock" }],
  pylock: [
    { dir: "python/pdm-demo-pylock", lockfile: "pylock.toml" },
    { dir: "python/spectree-pylock", lockfile: "pylock.toml" },
    { dir: "python/spectree-pylock", lockfile: "pylock.legacy.toml" },
    { dir: "python/ldlite-pdm-pylock", lockfile: "pylock.toml" },
    { dir: "python/ldlite-pdm-pylock", lockfile: "pylock.minimal.toml" },
  ],
  "pdm-lock": [
    { dir: "python/pydantic-pdm", lockfile: "pdm.lock" },
    { dir: "python/pdm-lock-v4.2", lockfile: "pdm.lock" },
    { dir: "python/marko-pdm", lockfile: "pdm.lock" },
  ],
};
