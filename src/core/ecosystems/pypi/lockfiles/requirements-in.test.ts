import { describe, expect, it } from "vitest";
import { parseFixture } from "../../../../test-support/parse-fixture.js";
import { MemoryFiles } from "../../../files/project-files.js";
import type { PackageNode, Snapshot } from "../../../model/types.js";
import { requirementsInParser } from "./requirements-in.js";

const parseWarehouse = (file: string): Snapshot =>
  parseFixture(requirementsInParser, {
    dir: "python/warehouse-pip-compile",
    lockfile: `requirements/${file}.in`,
  });

function pkg(snapshot: Snapshot, name: string): PackageNode {
  const found = snapshot.packages.filter((p) => p.name === name);
  const [only] = found;
  if (!only || found.length !== 1) throw new Error(`${name}: ${found.length} packages`);
  return only;
}

describe("requirements-in: warehouse main.in", () => {
  const snapshot = parseWarehouse("main");

  it("reads every declared requirement as a direct prod package", () => {
    // 79 lines, 79 distinct names.
    expect(snapshot.lockfile.formatVersion).toBe("pip-tools-in");
    expect(snapshot.packages).toHaveLength(79);
    expect(snapshot.coverage).toMatchObject({ entries: 79, parsed: 79, skipped: [], warnings: [] });
    expect(snapshot.packages.every((p) => p.direct && p.scope === "prod")).toBe(true);
  });

  it("keeps ranges as requirements, and bare names without one", () => {
    expect(pkg(snapshot, "celery")).toMatchObject({
      id: "pypi:celery@>=5.6.2,<5.7",
      requirement: ">=5.6.2,<5.7",
      purl: "pkg:pypi/celery",
      locations: [{ key: "celery[redis]>=5.6.2,<5.7", line: 9 }],
    });
    expect(pkg(snapshot, "redis").requirement).toBe(">=2.8.0,<7.0.0");
    const automat = pkg(snapshot, "automat");
    expect(automat).toMatchObject({ id: "pypi:automat@", displayName: "Automat" });
    expect(automat.version).toBeUndefined();
    expect(automat.requirement).toBeUndefined();
    // A trailing comment is not part of the requirement.
    expect(pkg(snapshot, "kombu").locations).toEqual([{ key: "kombu[redis]", line: 27 }]);
    expect(pkg(snapshot, "zope-sqlalchemy").displayName).toBe("zope.sqlalchemy");
  });
});

describe("requirements-in: layers", () => {
  it("takes the dev scope from the file name (warehouse dev.in)", () => {
    const snapshot = parseWarehouse("dev");
    expect(snapshot.packages.map((p) => `${p.name}${p.requirement ?? ""}`)).toEqual([
      "asyncudp>=0.7",
      "hupper>=1.9",
      "pip-api",
      "pip-tools>=1.0",
      "pyramid-debugtoolbar>=2.5",
      "watchdog",
    ]);
    expect(snapshot.packages.every((p) => p.direct && p.scope === "dev")).toBe(true);
  });

  it("adds -r includes (prod stays prod) but not -c constraints, and pins `==` requirements", () => {
    const files = new MemoryFiles({
      "requirements/main.in": "flask>=2\n",
      "requirements/main.txt": "flask==3.0\nclick==8.0\n",
    });
    const content = "-r main.in\n-c main.txt\npytest==8.0\n";
    const snapshot = requirementsInParser.parse({ path: "requirements/dev.in", content, files });
    expect(snapshot.packages.map((p) => [p.id, p.scope])).toEqual([
      ["pypi:flask@>=2", "prod"],
      ["pypi:pytest@8.0", "dev"],
    ]);
    expect(snapshot.lockfile.manifests).toEqual(["requirements/main.in"]);
    // Ranges are what an input file is for: no warnings.
    expect(snapshot.coverage.warnings).toEqual([]);
  });
});
