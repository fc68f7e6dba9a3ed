import { existsSync } from "node:fs";
import { join } from "node:path";
import { readRegularFile } from "../../../files/read-regular-file.js";
import type { ToolCommand } from "../../../updates/change-tools.js";

/** The package managers of npm projects; yarn 2+ ("berry") takes other flags than yarn 1. */
export type NpmTool = "npm" | "pnpm" | "yarn" | "yarn-berry";

const LOCKFILES: [string, NpmTool][] = [
  ["package-lock.json", "npm"],
  ["npm-shrinkwrap.json", "npm"],
  ["pnpm-lock.yaml", "pnpm"],
  ["yarn.lock", "yarn"],
];

/** Bun's lockfiles: Lockkeeper reads them, but does not run bun to change them. */
const BUN_LOCKFILES = ["bun.lock", "bun.lockb"];

/** Whether a lockfile path (`web/bun.lock`) is Bun's. */
export function isBunLockfile(path: string): boolean {
  return BUN_LOCKFILES.includes(path.slice(path.lastIndexOf("/") + 1));
}

/** Whether the project is Bun's: a bun lockfile and none of the tools Lockkeeper runs. */
export function isBunProject(projectDir: string): boolean {
  return (
    !LOCKFILES.some(([file]) => existsSync(join(projectDir, file))) &&
    BUN_LOCKFILES.some((file) => existsSync(join(projectDir, file)))
  );
}

/**
 * The project's own tool, from its lockfile (a package.json without one is npm's). A Bun project
 * has none Lockkeeper runs: npm there would write a package-lock.json beside bun.lock.
 */
export function detectNpmTool(projectDir: string): NpmTool | undefined {
  const found = LOCKFILES.find(([file]) => existsSync(join(projectDir, file)));
  if (!found && isBunProject(projectDir)) return undefined;
  if (!found) return existsSync(join(projectDir, "package.json")) ? "npm" : undefined;
  const [file, tool] = found;
  if (tool !== "yarn") return tool;
  // Berry lockfiles start with a `__metadata:` block; classic ones with "# yarn lockfile v1".
  return readRegularFile(join(projectDir, file), file).includes("__metadata:") ? "yarn-berry" : "yarn";
}

/** The manifest section a dependency is saved in. */
export type SaveSection = "prod" | "dev" | "optional" | "peer";

export interface AddFlags {
  section: SaveSection;
  exact: boolean;
  /** Change the manifest and lockfile only: no node_modules, no scripts (for planning and update branches). */
  lockfileOnly: boolean;
}

/**
 * The range saved for a version: `~version` when the range it replaces was a tilde range, else
 * `^version` (npm's save-prefix).
 */
export function savedRange(version: string, previousRange?: string): string {
  return `${previousRange?.trim().startsWith("~") ? "~" : "^"}${version}`;
}

/** `npm install <spec>` and its equivalents, with the flags each tool spells its own way. */
export function addCommand(tool: NpmTool, specs: readonly string[], flags: AddFlags): ToolCommand {
  switch (tool) {
    case "npm":
      return {
        program: "npm",
        args: [
          "install",
          ...specs,
          `--save-${flags.section}`,
          ...(flags.exact ? ["--save-exact"] : []),
          ...(flags.lockfileOnly ? ["--package-lock-only", "--ignore-scripts"] : []),
          "--no-audit",
          "--no-fund",
        ],
      };
    case "pnpm":
      return {
        program: "pnpm",
        args: [
          "add",
          ...specs,
          ...(flags.section === "prod" ? [] : [`--save-${flags.section}`]),
          ...(flags.exact ? ["--save-exact"] : []),
          ...(flags.lockfileOnly ? ["--lockfile-only", "--ignore-scripts"] : []),
        ],
      };
    case "yarn-berry":
      return {
        program: "yarn",
        args: [
          "add",
          ...specs,
          ...(flags.section === "prod" ? [] : [`--${flags.section}`]),
          ...(flags.exact ? ["--exact"] : []),
          ...(flags.lockfileOnly ? ["--mode=update-lockfile"] : []),
        ],
      };
    case "yarn":
      return {
        program: "yarn",
        args: [
          "add",
          ...specs,
          ...(flags.section === "prod" ? [] : [`--${flags.section}`]),
          ...(flags.exact ? ["--exact"] : []),
          // Yarn 1 has no lockfile-only mode; skipping scripts keeps a planning run harmless.
          ...(flags.lockfileOnly ? ["--ignore-scripts"] : []),
          "--non-interactive",
        ],
      };
  }
}

/** Brings the lockfile in line with an edited package.json, changing nothing else it can keep. */
export function refreshLockCommand(tool: NpmTool, lockfileOnly: boolean): ToolCommand {
  switch (tool) {
    case "npm":
      return {
        program: "npm",
        args: [
          "install",
          ...(lockfileOnly ? ["--package-lock-only", "--ignore-scripts"] : []),
          "--no-audit",
          "--no-fund",
        ],
      };
    case "pnpm":
      return {
        program: "pnpm",
        args: ["install", ...(lockfileOnly ? ["--lockfile-only", "--ignore-scripts"] : [])],
      };
    case "yarn-berry":
      return { program: "yarn", args: ["install", ...(lockfileOnly ? ["--mode=update-lockfile"] : [])] };
    case "yarn":
      return {
        program: "yarn",
        args: ["install", ...(lockfileOnly ? ["--ignore-scripts"] : []), "--non-interactive"],
      };
  }
}

/** A clean install from the lockfile, for running tests on an update branch. */
export function cleanInstallCommand(tool: NpmTool): ToolCommand {
  switch (tool) {
    case "npm":
      return { program: "npm", args: ["ci", "--no-audit", "--no-fund"] };
    case "pnpm":
      return { program: "pnpm", args: ["install", "--frozen-lockfile"] };
    case "yarn-berry":
      return { program: "yarn", args: ["install", "--immutable"] };
    case "yarn":
      return { program: "yarn", args: ["install", "--frozen-lockfile", "--non-interactive"] };
  }
}
