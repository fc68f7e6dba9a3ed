import type { InstallMode, InstallSettings } from "../ecosystems/install-support.js";
import type { Ecosystem } from "../model/types.js";

/**
 * The `verifyProd` section of lockkeeper.yaml as `lk verify-prod` uses it (the zod schema in
 * core/config/schema.ts validates the file and fills these defaults); flags override it.
 */
export interface VerifyProdSettings extends InstallSettings {
  /** Shell command run in the production install; its failure fails the check. */
  smoke?: string;
  /** Which install to verify (a registered ecosystem's id) when a project has the locks of several. */
  ecosystem?: Ecosystem;
  /** The smoke command is stopped (and fails) after this many seconds. */
  smokeTimeoutSeconds: number;
  /** Also install everything (with development dependencies) in a second copy, for the comparison. */
  full: boolean;
}

export const DEFAULT_VERIFY_PROD_SETTINGS: VerifyProdSettings = {
  devLocks: [],
  python: process.platform === "win32" ? "python" : "python3",
  smokeTimeoutSeconds: 300,
  full: true,
};

/** The section from a loaded config (absent until the schema has it), defaults filled in. */
export function verifyProdSettingsFrom(config: object): VerifyProdSettings {
  const section = (config as { verifyProd?: Partial<VerifyProdSettings> }).verifyProd ?? {};
  return { ...DEFAULT_VERIFY_PROD_SETTINGS, ...section };
}

export interface InstallOutcome {
  mode: InstallMode;
  /** The commands run, for the report (`npm ci --omit=dev …`). */
  commands: string[];
  ok: boolean;
  exitCode: number | null;
  durationMs: number;
  /** Installed packages (npm: package folders; pip: distributions), not counting pip itself. */
  packages: number;
  /** Bytes on disk of what the install added (node_modules, or site-packages less a bare venv). */
  bytes: number;
  /** The end of the tool's output, for a failure. */
  outputTail: string;
}

export interface SmokeOutcome {
  command: string;
  ok: boolean;
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  outputTail: string;
}

export interface VerifyProdResult {
  target: string;
  ecosystem: Ecosystem;
  /** The package manager (npm, pnpm, yarn, yarn-berry, pip). */
  manager: string;
  /** The lockfile the installs follow (for pip: the production requirements lock). */
  lockfile: string;
  prod: InstallOutcome;
  /** Absent when the production install failed or the full install was not asked for. */
  full?: InstallOutcome;
  /** Absent when the production install failed. */
  smoke?: SmokeOutcome;
  /** The temporary copies, when kept (`--keep`). */
  workDir?: string;
  /** The production install succeeded and the smoke command passed. */
  ok: boolean;
}

/** What the verification is doing, for a progress line. */
export interface VerifyProgress {
  step: string;
  /** The latest line the running tool printed. */
  output?: string;
}
