import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { LockkeeperError } from "../../core/errors.js";

const LOCK_FILE = "lockkeeper.pid";

/**
 * Takes the PGlite data folder for this process. PGlite is an embedded database, not a server:
 * two processes writing one folder corrupt it, so a second `lk serve` or `lk migrate` on the same
 * folder is refused while the first runs. A lock left by a process that no longer exists (killed
 * with SIGKILL, a crashed machine) is taken over. Returns the release.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = Number.parseInt(readFileSync(path, "utf8"), 10);
    if (Number.isInteger(holder) && holder !== process.pid && isRunning(holder))
      throw new LockkeeperError("USAGE", `the data folder ${dataDir} is in use by process ${holder}`, {
        hint: "PGlite serves one process: stop the other lk serve, or give this one its own LK_DATA_DIR (or a DATABASE_URL for several instances)",
      });
    rmSync(path, { force: true }); // left by a process that is gone
  }
  throw new LockkeeperError("USAGE", `could not lock the data folder ${dataDir}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
