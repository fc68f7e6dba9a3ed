import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { isLockkeeperError } from "../../core/errors.js";
import { GitRepo } from "../../core/history/git.js";
import { inventoryAtRevision } from "../../core/history/revision-inventory.js";
import { loadInventory } from "../../core/inventory/load-inventory.js";
import type { Inventory } from "../../core/model/types.js";
import type { CliIo } from "../io.js";
import type { DiffSideInfo } from "../output/diff-report.js";

export interface DiffSide {
  info: DiffSideInfo;
  inventory: Inventory;
}

/** Resolves diff sides against one repository, opened on first use. */
export class DiffSides {
  private repo: Promise<GitRepo> | undefined;

  constructor(
    private readonly io: CliIo,
    /** The project directory: revisions are read from its repository, the working tree from it. */
    private readonly dir: string,
    private readonly exclude: (path: string) => boolean,
  ) {}

  /**
   * A side: an existing file (lockfile or SBOM) or directory is read from disk; anything else is a
   * git revision of the project directory's repository (`main`, `HEAD~3`, a commit hash, a tag).
   */
  async load(side: string): Promise<DiffSide> {
    const path = resolve(this.io.cwd, side);
    if (existsSync(path)) {
      return {
        info: { label: side, kind: "path" },
        inventory: loadInventory(path, { exclude: this.exclude }),
      };
    }
    this.repo ??= GitRepo.open(this.dir);
    const { inventory, commit } = await inventoryAtRevision(await this.repo, side, this.exclude);
    return { info: { label: side, kind: "revision", commit }, inventory };
  }

  /** The project directory as it is on disk; a directory without lockfiles is an empty inventory. */
  workingTree(): DiffSide {
    const info: DiffSideInfo = { label: "working tree", kind: "working-tree" };
    try {
      return { info, inventory: loadInventory(this.dir, { exclude: this.exclude }) };
    } catch (error: unknown) {
      if (isLockkeeperError(error) && error.code === "NO_LOCKFILE")
        return { info, inventory: { target: this.dir, snapshots: [] } };
      throw error;
    }
  }
}
