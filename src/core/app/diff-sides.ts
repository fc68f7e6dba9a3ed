import { existsSync } from "node:fs";
import { LockkeeperError } from "../errors.js";
import type { ReadLimits } from "../files/read-regular-file.js";
import { GitRepo } from "../git/git-repo.js";
import { inventoryAtRevision } from "../history/revision-inventory.js";
import { loadInventory } from "../inventory/load-inventory.js";
import type { Inventory } from "../model/types.js";
import { type AppContext, gitContext, resolvePath } from "./context.js";

/** Where one side of a diff came from, as reports show it. */
export interface DiffSideInfo {
  /** As given by the caller; "working tree" for the default head. */
  label: string;
  kind: "revision" | "path" | "working-tree";
  /** The commit a revision named. */
  commit?: string;
}

export interface DiffSide {
  info: DiffSideInfo;
  inventory: Inventory;
}

/** Resolves diff sides against one repository, opened on first use. */
export class DiffSides {
  private repo: Promise<GitRepo> | undefined;

  constructor(
    private readonly context: AppContext,
    /** The project directory: revisions are read from its repository, the working tree from it. */
    private readonly dir: string,
    private readonly exclude: (path: string) => boolean,
    /** `limits.maxFileSize` of the project's config. */
    private readonly limits?: ReadLimits,
  ) {}

  /**
   * Sides written as file names (`old/package-lock.json`, `./bom.json`) that do not exist are
   * missing files, not revisions: said so at once, naming every one, instead of "not a git
   * repository" or "unknown revision" from git.
   */
  checkPaths(sides: readonly string[]): void {
    const missing = sides.filter(
      (side) => looksLikePath(side) && !existsSync(resolvePath(this.context, side)),
    );
    if (missing.length === 0) return;
    throw new LockkeeperError(
      "NOT_FOUND",
      missing.length === 1 ? `no such file: ${missing[0]}` : `no such files: ${missing.join(", ")}`,
      { hint: "lk diff compares two files (lockfiles or SBOMs), or two git revisions of the project" },
    );
  }

  /**
   * A side: an existing file (lockfile or SBOM) or directory is read from disk; anything else is a
   * git revision of the project directory's repository (`main`, `HEAD~3`, a commit hash, a tag).
   */
  async load(side: string): Promise<DiffSide> {
    const path = resolvePath(this.context, side);
    if (existsSync(path)) {
      return {
        info: { label: side, kind: "path" },
        inventory: loadInventory(path, {
          cwd: this.context.cwd,
          exclude: this.exclude,
          ...(this.limits ? { limits: this.limits } : {}),
        }),
      };
    }
    this.repo ??= GitRepo.open(this.dir, gitContext(this.context));
    const { inventory, commit } = await inventoryAtRevision(await this.repo, side, this.exclude);
    return { info: { label: side, kind: "revision", commit }, inventory };
  }
}

/**
 * A file name rather than a revision: a relative or absolute path prefix, or a file extension
 * lockfiles and SBOMs have. Revisions may hold `/` (`origin/main`) but not these.
 */
function looksLikePath(side: string): boolean {
  return /^(\.{1,2}[\\/]|[\\/]|[A-Za-z]:[\\/])/.test(side) || /\.(json|ya?ml|lock|txt|toml|in)$/i.test(side);
}
