import type { UpdatesConfig } from "../config/updates-section.js";
import type { PackageReleases } from "../ecosystems/registry/releases.js";
import type { Inventory } from "../model/types.js";
import {
  type ApplyContext,
  applyProposal,
  type ProposalOutcome,
  writeDescription,
} from "./apply-proposal.js";
import { pushBranch } from "./git/push-branch.js";
import { findOutdated, type OutdatedEntry, type ReleaseSources } from "./outdated.js";
import { type HeldBack, planUpdates } from "./plan-updates.js";
import { commitSubject, pullRequestDescription } from "./pull-request-text.js";
import type { PullRequestProvider, PullRequestResult } from "./pull-requests/types.js";

export interface RunUpdatesInput extends Omit<ApplyContext, "onStep"> {
  inventory: Inventory;
  sources: ReleaseSources;
  /** Only these packages / this group. */
  packages?: string[];
  group?: string;
  /** Where descriptions are written. */
  descriptionsDir: string;
  /** Push passing branches to this remote. */
  push?: string;
  /** Open a pull request for each pushed branch (into `baseBranch`). */
  pullRequests?: PullRequestProvider;
  baseBranch: string;
  labels: string[];
  now: Date;
  toolVersion: string;
  onStep?: (message: string) => void;
}

export interface UpdateResult extends ProposalOutcome {
  descriptionFile?: string;
  pushed: boolean;
  pullRequest?: PullRequestResult;
}

export interface RunUpdatesResult {
  results: UpdateResult[];
  heldBack: HeldBack[];
  /** Time in the package manager and tests, to tell Lockkeeper's own overhead apart. */
  externalMs: number;
}

/**
 * `lk update` from start to end: outdated direct dependencies, the proposals the rules allow, one
 * branch per proposal with its description, then push and pull request for the ones whose tests
 * pass (a failing update keeps its local branch and is reported, never pushed as green).
 */
export async function runUpdates(input: RunUpdatesInput): Promise<RunUpdatesResult> {
  const settings: UpdatesConfig = input.settings;
  const entries = await findOutdated(input.inventory, input.sources, { now: input.now });
  // Entries the registry could not complete (unreachable, unknown package) are held back by name.
  const complete = entries.filter((entry) => entry.problem === undefined);
  const releases = new Map<string, PackageReleases>();
  await Promise.all(
    complete.map(async (entry) => {
      const found = await input.sources.get(entry.ecosystem)?.packageReleases(entry.name);
      if (found) releases.set(`${entry.ecosystem}:${entry.name}`, found);
    }),
  );
  // Each ecosystem's changer says what it can change; an ecosystem without one changes nothing.
  const heldBackReason = (entry: OutdatedEntry): string | undefined => {
    const updater = input.updaters.get(entry.ecosystem);
    return updater ? updater.heldBackReason(entry) : `lk update does not change ${entry.lockfile} yet`;
  };
  const changeable = (entry: OutdatedEntry) => heldBackReason(entry) === undefined;
  const candidates = complete.filter(changeable);
  const advisories = await input.advisories?.query(candidates);
  const { proposals, heldBack } = planUpdates(candidates, releases, settings, {
    now: input.now,
    ...(input.packages ? { packages: input.packages } : {}),
    ...(input.group !== undefined ? { group: input.group } : {}),
    ...(advisories ? { advisories } : {}),
  });
  for (const entry of entries) {
    if (!entry.direct) continue;
    if (entry.problem !== undefined) {
      heldBack.push({ name: entry.displayName, from: entry.installed, reason: entry.problem });
    } else {
      const reason = heldBackReason(entry);
      if (reason) heldBack.push({ name: entry.displayName, from: entry.installed, reason });
    }
  }
  const results: UpdateResult[] = [];
  let externalMs = 0;
  for (const proposal of proposals) {
    input.onStep?.(
      `${proposal.branch}: ${proposal.updates.map((u) => `${u.name} ${u.from} → ${u.to}`).join(", ")}`,
    );
    const outcome = await applyProposal(proposal, input);
    externalMs += outcome.externalMs;
    const result: UpdateResult = { ...outcome, pushed: false };
    if (outcome.summary && (outcome.status === "committed" || outcome.status === "tests-failed")) {
      const description = pullRequestDescription({
        proposal,
        summary: outcome.summary,
        notes: outcome.notes,
        warnings: outcome.warnings,
        ...(outcome.test ? { test: outcome.test } : {}),
        now: input.now,
        toolVersion: input.toolVersion,
      });
      result.descriptionFile = writeDescription(input.descriptionsDir, proposal.branch, description);
      if (outcome.status === "committed" && input.push) {
        await pushBranch(input.projectDir, input.push, proposal.branch, input);
        result.pushed = true;
        if (input.pullRequests) {
          result.pullRequest = await input.pullRequests.open({
            title: commitSubject(proposal),
            body: description,
            head: proposal.branch,
            base: input.baseBranch,
            ...(input.labels.length > 0 ? { labels: input.labels } : {}),
          });
        }
      }
    }
    results.push(result);
  }
  return { results, heldBack, externalMs };
}
