import type { PackageNaming } from "../../../model/purl.js";
import { SnapshotBuilder } from "../../../model/snapshot-builder.js";
import type { LockfileParser } from "../../types.js";

/** Toy names are case-insensitive; purls are `pkg:toy/<name>@<version>`. */
export const TOY_NAMING: PackageNaming = {
  ecosystem: "toy",
  normaliseName: (name) => name.toLowerCase(),
  purl: {
    type: "toy",
    split: (name) => ({ name }),
    join: (_namespace, name) => name,
    componentName: (pkg) => pkg.name,
  },
};

/**
 * `toy.lock`, a format made up for the ecosystem contract test: one package per line,
 * `name version licence scope range` (`-` for no licence), `#` comments. Every package is a
 * direct dependency of the project with its declared range.
 */
export const toyLockParser: LockfileParser = {
  format: "toy-lock",
  ecosystem: "toy",
  description: "toy.lock (the contract test's own format)",
  matchesFileName: (fileName) => fileName === "toy.lock",
  parse(input) {
    const builder = new SnapshotBuilder(
      { path: input.path, format: "toy-lock", ecosystem: "toy", formatVersion: "1", manifests: [] },
      TOY_NAMING,
    );
    const root = builder.addRoot("", "toy-app");
    input.content.split("\n").forEach((line, index) => {
      const text = line.trim();
      if (text === "" || text.startsWith("#")) return;
      builder.countEntry();
      const [name, version, license, scope, ...range] = text.split(/\s+/);
      if (!name || !version || !license || (scope !== "prod" && scope !== "dev") || range.length === 0) {
        builder.skip(text, "expected: name version licence prod|dev range", index + 1);
        return;
      }
      const id = builder.addPackage({
        name,
        version,
        ...(license === "-" ? {} : { license }),
        location: { key: name, line: index + 1 },
      });
      builder.addEdge(root, id, scope, range.join(" "));
    });
    return builder.build();
  },
};
