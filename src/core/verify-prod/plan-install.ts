import { ECOSYSTEMS } from "../ecosystems/index.js";
import type { InstallSupport, ProjectInstall } from "../ecosystems/install-support.js";
import type { EcosystemAdapter } from "../ecosystems/types.js";
import { LockkeeperError } from "../errors.js";
import type { Ecosystem } from "../model/types.js";
import { installerOnPath } from "./installer-on-path.js";
import type { VerifyProdSettings } from "./types.js";

/** How a project installs: its ecosystem, and that ecosystem's install of it. */
export type InstallPlan = ProjectInstall & { ecosystem: Ecosystem };

type Installing = EcosystemAdapter & { installs: InstallSupport };

/**
 * Decides how to install a project and checks that the installer is there: with the ecosystem
 * chosen (`settings.ecosystem`), else with the one whose locks the project holds. Throws a clear
 * LockkeeperError (exit 2) when there is nothing to install, when the locks of several ecosystems
 * are present and none was chosen, or when the package manager is not installed.
 */
export function planInstall(root: string, settings: VerifyProdSettings, env: NodeJS.ProcessEnv): InstallPlan {
  const adapter = settings.ecosystem ? chosen(settings.ecosystem) : detected(root, settings);
  return { ...adapter.installs.plan(root, settings, installerOnPath(env)), ecosystem: adapter.ecosystem };
}

function chosen(ecosystem: Ecosystem): Installing {
  const adapter = ECOSYSTEMS.find((a) => a.ecosystem === ecosystem);
  if (adapter && installs(adapter)) return adapter;
  throw new LockkeeperError(
    "USAGE",
    adapter ? `${adapter.displayName} projects cannot be installed` : `no ecosystem is named ${ecosystem}`,
    { hint: chooseHint(ECOSYSTEMS.filter(installs)) },
  );
}

function detected(root: string, settings: VerifyProdSettings): Installing {
  const installing = ECOSYSTEMS.filter(installs);
  const [only, ...others] = installing.filter((adapter) => adapter.installs.present(root, settings));
  if (!only) {
    const lockfiles = joinWords(
      installing.map((adapter) => adapter.installs.lockfiles),
      "or",
    );
    const hints = installing.flatMap((adapter) => adapter.installs.lockfileHint ?? []);
    throw new LockkeeperError(
      "NO_LOCKFILE",
      `no ${lockfiles} found`,
      hints.length > 0 ? { hint: hints.join("; ") } : {},
    );
  }
  if (others.length > 0) {
    const kinds = [only, ...others].map((adapter) => adapter.installs.projectKind);
    throw new LockkeeperError(
      "USAGE",
      `this project has ${kinds.length === 2 ? "both " : ""}${joinWords(kinds, "and")} lockfiles`,
      { hint: chooseHint([only, ...others]) },
    );
  }
  return only;
}

function installs(adapter: EcosystemAdapter): adapter is Installing {
  return adapter.installs !== undefined;
}

function chooseHint(adapters: readonly EcosystemAdapter[]): string {
  return `choose one with ${joinWords(
    adapters.map((adapter) => `--ecosystem ${adapter.ecosystem}`),
    "or",
  )}`;
}

/** "a", "a or b", "a, b or c". */
function joinWords(words: readonly string[], conjunction: "and" | "or"): string {
  return words.length <= 1
    ? (words[0] ?? "")
    : `${words.slice(0, -1).join(", ")} ${conjunction} ${words.at(-1)}`;
}
