import { tarGz } from "../../../../../test-support/archives.js";

/**
 * A gzipped tar archive in the layout `npm pack` produces (every file under `package/`), built in
 * memory so tests can publish many versions without spawning npm for each.
 */
export function packTarball(files: Record<string, string>): Buffer {
  return tarGz("package", files);
}
