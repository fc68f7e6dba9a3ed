import { describe, expect, it } from "vitest";
import { openAdvisoryDb } from "../advisories/store/advisory-db.js";
import { shippedAdvisoryDbDir } from "../advisories/store/paths.js";
import { defaultConfig } from "../config/schema.js";
import type { UpdatesConfig } from "../config/updates-section.js";
import type { PackageReleases } from "../ecosystems/registry/releases.js";
import type { OutdatedEntry } from "./outdated.js";
import { planUpdates } from "./plan-updates.js";

const NOW = new Date("2026-11-26T12:00:00Z");
const daysAgo = (days: number): string => new Date(NOW.getTime() - days * 86_400_000).toISOString();

function entry(name: string, installed: string, kind: OutdatedEntry["kind"] = "prod"): OutdatedEntry {
  return {
    ecosystem: "npm",
    name,
    displayName: name,
    lockfile: "package-lock.json",
    dependent: ".",
    kind,
    direct: true,
    installed,
    range: `^${installed}`,
  };
}

function releases(
  name: string,
  versions: [string, number, { deprecated?: string }?][],
): [string, PackageReleases] {
  return [
    `npm:${name}`,
    {
      ecosystem: "npm",
      name,
      latest: versions[versions.length - 1]?.[0],
      releases: versions.map(([version, age, extra]) => ({ version, publishedAt: daysAgo(age), ...extra })),
      url: `test:${name}`,
    },
  ];
}

function config(overrides: Partial<UpdatesConfig> = {}): UpdatesConfig {
  return { ...defaultConfig().updates, ...overrides };
}

const REGISTRY = new Map([
  releases("left-pad", [
    ["1.0.0", 900],
    ["1.0.1", 800],
    ["1.1.0", 700],
    ["2.0.0", 600],
    ["2.1.0-beta.1", 10],
  ]),
  releases("fresh", [
    ["1.0.0", 100],
    ["1.0.1", 1],
  ]),
  releases("lodash", [
    ["4.17.15", 2000],
    ["4.17.19", 1],
    ["4.17.20", 0.5],
  ]),
  releases("old-dep", [
    ["3.0.0", 900],
    ["3.1.0", 800, { deprecated: "broken" }],
  ]),
  releases("eslint", [
    ["8.0.0", 900],
    ["8.0.1", 800],
    ["8.1.0", 700],
  ]),
  releases("prettier", [
    ["3.0.0", 900],
    ["3.0.1", 800],
  ]),
]);

describe("planUpdates", () => {
  it("takes the newest release the jump classes allow, one branch per package", () => {
    const { proposals } = planUpdates([entry("left-pad", "1.0.0")], REGISTRY, config(), { now: NOW });
    expect(proposals).toEqual([
      expect.objectContaining({
        branch: "lockkeeper/left-pad-2.0.0",
        updates: [expect.objectContaining({ from: "1.0.0", to: "2.0.0", jump: "major" })],
      }),
    ]);
    const minorOnly = planUpdates(
      [entry("left-pad", "1.0.0")],
      REGISTRY,
      config({ rules: [{ match: ["left-*"], scope: "all", updateTypes: ["patch", "minor"] }] }),
      { now: NOW },
    );
    expect(minorOnly.proposals[0]?.updates[0]).toMatchObject({ to: "1.1.0", jump: "minor" });
  });

  it("holds back releases younger than the cool-down, and says why", () => {
    const { proposals, heldBack } = planUpdates([entry("fresh", "1.0.0")], REGISTRY, config(), { now: NOW });
    expect(proposals).toEqual([]);
    expect(heldBack).toEqual([
      { name: "fresh", from: "1.0.0", reason: "newer releases are younger than the 3-day cool-down" },
    ]);
  });

  it("lets a release that fixes an advisory of the installed version past the cool-down", async () => {
    const db = openAdvisoryDb(shippedAdvisoryDbDir());
    if (!db) throw new Error("the shipped advisory database is missing");
    try {
      const { proposals } = planUpdates([entry("lodash", "4.17.15")], REGISTRY, config(), {
        now: NOW,
        advisories: await db.query([{ ecosystem: "npm", name: "lodash" }]),
      });
      // NSWG-ECO-516: lodash >=4.17.15 <4.17.19.
      expect(proposals[0]?.updates[0]).toMatchObject({ to: "4.17.20", fixes: ["NSWG-ECO-516"] });
      const without = planUpdates([entry("lodash", "4.17.15")], REGISTRY, config(), { now: NOW });
      expect(without.proposals).toEqual([]);
    } finally {
      db.close();
    }
  });

  it("skips deprecated releases, ignored versions and disabled packages", () => {
    expect(planUpdates([entry("old-dep", "3.0.0")], REGISTRY, config(), { now: NOW }).proposals).toEqual([]);
    const ignored = planUpdates(
      [entry("left-pad", "1.0.0")],
      REGISTRY,
      config({ ignore: ["left-pad@>=2"] }),
      { now: NOW },
    );
    expect(ignored.proposals[0]?.updates[0]?.to).toBe("1.1.0");
    const disabled = planUpdates(
      [entry("left-pad", "1.0.0")],
      REGISTRY,
      config({ rules: [{ match: ["left-pad"], scope: "all", enabled: false }] }),
      { now: NOW },
    );
    expect(disabled.proposals).toEqual([]);
    expect(disabled.heldBack[0]?.reason).toBe("disabled by a rule");
  });

  it("groups the packages a rule names onto one branch, and --group selects it", () => {
    const rules: UpdatesConfig["rules"] = [
      { match: [], scope: "dev", updateTypes: ["patch", "minor"], group: "dev-tools" },
    ];
    const entries = [
      entry("eslint", "8.0.0", "dev"),
      entry("prettier", "3.0.0", "dev"),
      entry("left-pad", "1.0.0"),
    ];
    const { proposals } = planUpdates(entries, REGISTRY, config({ rules }), { now: NOW });
    expect(proposals.map((p) => [p.branch, p.updates.map((u) => `${u.name}@${u.to}`)])).toEqual([
      ["lockkeeper/dev-tools", ["eslint@8.1.0", "prettier@3.0.1"]],
      ["lockkeeper/left-pad-2.0.0", ["left-pad@2.0.0"]],
    ]);
    const onlyGroup = planUpdates(entries, REGISTRY, config({ rules }), { now: NOW, group: "dev-tools" });
    expect(onlyGroup.proposals.map((p) => p.branch)).toEqual(["lockkeeper/dev-tools"]);
  });

  it("makes branch names git accepts from scoped names", () => {
    const registry = new Map([
      releases("@types/node", [
        ["20.0.0", 900],
        ["20.1.0", 800],
      ]),
    ]);
    const { proposals } = planUpdates([entry("@types/node", "20.0.0")], registry, config(), { now: NOW });
    expect(proposals[0]?.branch).toBe("lockkeeper/types-node-20.1.0");
  });
});
