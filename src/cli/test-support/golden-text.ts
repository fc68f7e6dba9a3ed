import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The repository root (this file is src/cli/test-support/golden-text.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** A command's run as the golden files hold it: the command line, exit code, stdout and stderr. */
export function goldenText(
  run: { args: readonly string[]; code: number | null; out: string; err: string },
  cwd: string,
  cache: string,
): string {
  const line = run.args.map((arg) => arg.replaceAll(cwd, "<cwd>")).join(" ");
  const text = `$ lk ${line}\nexit ${run.code}\n--- stdout\n${run.out}--- stderr\n${run.err}`;
  return normalise(text, cwd, cache);
}

/** Replaces what differs between runs and machines with stable placeholders. */
function normalise(text: string, cwd: string, cache: string): string {
  return (
    text
      // A file URI (SARIF's %SRCROOT%) percent-encodes what a path may hold (spaces).
      .replaceAll(pathToFileURL(cwd).href, "file://<cwd>")
      .replaceAll(cwd, "<cwd>")
      .replaceAll(REPO_ROOT, "<repo>")
      .replaceAll(cache, "<cache>")
      .replace(/"ageDays": \d+/g, '"ageDays": "<age>"')
      .replace(/\b\d+ days? (old|ago)\b/g, "<age> days $1")
      .replace(/urn:uuid:[0-9a-f-]{36}/g, "urn:uuid:<uuid>")
      .replace(/"(timestamp|created|generatedAt)": "[^"]+"/g, '"$1": "<time>"')
      .replace(/SPDXRef-DOCUMENT-[0-9a-f-]+|spdx\.org\/spdxdocs\/[^"]+/g, "<spdx-document>")
      .replace(/time="[0-9.]+"|timestamp="[^"]+"/g, "<junit-time>")
      .replace(/Generated [^\n]* by Lockkeeper/g, "Generated <time> by Lockkeeper")
  );
}
