import { existsSync } from "node:fs";
import { join } from "node:path";

/** Whether paths under a root exist, each asked of the disk once: import checks ask the same ones per import. */
export class ExistingPaths {
  private readonly known = new Map<string, boolean>();

  constructor(private readonly root: string) {}

  /** `path` relative to the root. */
  has(path: string): boolean {
    let exists = this.known.get(path);
    if (exists === undefined) {
      exists = existsSync(join(this.root, path));
      this.known.set(path, exists);
    }
    return exists;
  }
}
