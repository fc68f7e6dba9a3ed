import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { LockfileParser } from "../core/ecosystems/types.js";
import { DiskFiles } from "../core/files/project-files.js";
import type { Snapshot } from "../core/model/types.js";
import { LOCKFILES, type LockfileFixture } from "./fixtures.js";

/** Parses a real fixture the way detection would: files relative to the fixture's directory. */
export function parseFixture(parser: LockfileParser, fixture: LockfileFixture): Snapshot {
  const { content, files } = readFixture(fixture);
  return parser.parse({ path: fixture.lockfile, content, files });
}

export function readFixture(fixture: LockfileFixture): { content: string; files: DiskFiles } {
  const base = join(LOCKFILES, fixture.dir);
  return { content: readFileSync(join(base, fixture.lockfile), "utf8"), files: new DiskFiles(base) };
}
