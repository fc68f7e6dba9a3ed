import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The signature check of a webhook receiver: Lockkeeper-Signature header and raw body in, yes or no out. */
export type SignatureVerifier = (
  secret: string,
  header: string | undefined,
  rawBody: Buffer | string,
) => boolean;

/** docs/notifications.md, found upwards from this module (in the sources or in dist/). */
function notificationsDoc(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "docs", "notifications.md");
    if (existsSync(candidate)) return readFileSync(candidate, "utf8");
    const parent = dirname(dir);
    if (parent === dir) throw new Error("docs/notifications.md not found above the test support");
    dir = parent;
  }
}

/**
 * The code block following `<!-- snippet: <name> -->` in docs/notifications.md: what users are told
 * to run, so that the tests run exactly that.
 */
export function documentedSnippet(name: "verify-node" | "verify-python"): string {
  const doc = notificationsDoc();
  const marker = `<!-- snippet: ${name} -->`;
  const at = doc.indexOf(marker);
  if (at < 0) throw new Error(`docs/notifications.md has no ${marker}`);
  const match = /```[a-z]*\n([\s\S]*?)```/.exec(doc.slice(at + marker.length));
  if (!match?.[1]) throw new Error(`no code block after ${marker}`);
  return match[1];
}

/**
 * The Node verification function of docs/notifications.md, loaded as users would load it (an ES
 * module of its own, written to a temporary file and imported).
 */
export async function documentedNodeVerifier(): Promise<SignatureVerifier> {
  const dir = mkdtempSync(join(tmpdir(), "lk-verify-"));
  try {
    const file = join(dir, "verify.mjs");
    writeFileSync(file, documentedSnippet("verify-node"));
    const module = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as {
      verifyLockkeeperSignature: SignatureVerifier;
    };
    return module.verifyLockkeeperSignature;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
