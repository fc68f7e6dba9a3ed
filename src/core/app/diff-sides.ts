import { existsSync } from "node:fs";
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
