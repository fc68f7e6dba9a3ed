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
export async function planInstall(
  root: string,
  settings: VerifyProdSettings,
  env: NodeJS.ProcessEnv,
): Promise<InstallPlan> {
  const installing = await installingEcosystems();
  const adapter = settings.ecosystem
    ? chosen(settings.ecosystem, installing)
    : detected(root, settings, installing);
  return { ...adapter.installs.plan(root, settings, installerOnPath(env)), ecosystem: adapter.ecosystem };
}

function chosen(ecosystem: Ecosystem, installing: readonly Installing[]): Installing {
  const adapter = installing.find((a) => a.ecosystem === ecosystem);
  if (adapter) return adapter;
  const known = ECOSYSTEMS.find((a) => a.ecosystem === ecosystem);
  throw new LockkeeperError(
    "USAGE",
    known ? `${known.displayName} projects cannot be installed` : `no ecosystem is named ${ecosystem}`,
    { hint: chooseHint(installing) },
  );
}

function detected(root: string, settings: VerifyProdSettings, installing: readonly Installing[]): Installing {
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

/** The ecosystems that install projects, with their install support loaded. */
async function installingEcosystems(): Promise<Installing[]> {
  const loaded = await Promise.all(
    ECOSYSTEMS.map(async (adapter) => {
      const installs = await adapter.loadInstalls?.();
      return installs && { ...adapter, installs };
    }),
  );
  return loaded.filter((adapter) => adapter !== undefined);
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
