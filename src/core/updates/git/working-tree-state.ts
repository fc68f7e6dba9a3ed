import { type GitContext, gitOk, runGit } from "../../git/git-runner.js";

/** What a checkout looks like: compare two of these to prove an update left it alone. */
export interface WorkingTreeState {
  /** The checked-out branch; undefined on a detached HEAD. */
  branch: string | undefined;
  /** The commit HEAD points at; undefined in a repository without commits. */
  head: string | undefined;
  /** `git status --porcelain` entries (`XY path`, renames as `XY old -> new`), untracked files included. */
  dirty: string[];
}

/** The branch, HEAD and uncommitted changes of the repository at `repoDir`. Throws GIT outside a repository. */
export async function workingTreeState(repoDir: string, git: GitContext): Promise<WorkingTreeState> {
  const status = await gitOk(repoDir, ["status", "--porcelain=v1", "-z", "--untracked-files=all"], {
    ...git,
    what: "git status",
  });
  const [symbolic, head] = await Promise.all([
    runGit(repoDir, ["symbolic-ref", "--quiet", "--short", "HEAD"], git),
    runGit(repoDir, ["rev-parse", "--verify", "--quiet", "HEAD"], git),
  ]);
  return {
    branch: symbolic.code === 0 ? symbolic.stdout.trim() : undefined,
    head: head.code === 0 ? head.stdout.trim() : undefined,
    dirty: parsePorcelain(status),
  };
}

function parsePorcelain(text: string): string[] {
  const fields = text.split("\u0000");
  const entries: string[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] ?? "";
    if (field.length < 4) continue;
    const code = field.slice(0, 2);
    // With -z a rename or copy is followed by its origin path in a field of its own.
    if (code.includes("R") || code.includes("C"))
      entries.push(`${code} ${fields[++i] ?? ""} -> ${field.slice(3)}`);
    else entries.push(field);
  }
  return entries;
}
