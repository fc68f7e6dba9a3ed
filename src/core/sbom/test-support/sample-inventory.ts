import { npmNaming } from "../../ecosystems/npm/naming.js";
import { pypiNaming } from "../../ecosystems/pypi/naming.js";
import { hashesFromIntegrity, hashFromPrefixed } from "../../model/hashes.js";
import { type PackageInput, SnapshotBuilder } from "../../model/snapshot-builder.js";
import type { Hash, Inventory, Snapshot } from "../../model/types.js";

/**
 * A hand-made inventory for the SBOM tests (the lockfile parsers are tested on their own): scoped
 * npm names, PyPI names that normalise, every scope, SRI and sha256 hashes, git/file/link
 * sources, a workspace root, unpinned requirements, and packages shared by two snapshots.
 * Integrity strings are real ones from fixtures/lockfiles/npm.
 */
export const INTEGRITY = {
  babelCore:
    "sha512-BBt3opiCOxUr9euZ5/ro/Xv8/V7yJ5bjYMqG/C1YAo8MIKAnumZalCN+msbci3Pigy4lIQfPUpfMM27HMGaYEA==",
  babelHelper:
    "sha512-S9gzZ/bz83GRysI7gAD4wPT/AI3uCnY+9xn+Mx/KPs2JwHJIz1W8PZkg2cqyt3RNOBM8ejcXhV6y8Og7ly/Dug==",
  lodash: "sha512-cQKh8igo5QUhZ7lg38DYWAxMvjSAKG0A8wGSVimP07SIUEK2UO+arSRKbRZWtelMtN5V0Hkwh5ryOto/SshYIg==",
  jest: "sha512-F26gjC0yWN8uAA5m5Ss8ZQf5nDHWGlN/xWZIh8S5SRbsEKBovwZhxGd6LJlbZYxBgCYOtreSUyb8hpXyGC5O4A==",
  jestUtil: "sha512-QKNsM0o3Xe6ISQU869e+DhG+4CK/48aHYdJZGlFQVTjnbvgpcKyxpzk29fGiO7i/J8VENZ+d2iGnSsvmuHywlA==",
};

export const SHA = {
  lodashSha1: "095f510daa5beb71f4bc406f2043aa6e013f9a37",
  djangoWheel: "5e4474e3f9c530dfd6d0f735f9ffbfe32c16f4b81e766e836ca2d14b828a5349",
  djangoSdist: "d3edc739a4b6579d05cf7dae48a39de55d779314ce53f487b8e701e9785f6329",
  djangoExtra: "d2d6de2e234a2f66c57a3ce11b58b90ed767ab773b7d96610430d418523373b6",
  asgiref: "c697ea875432e4f232d3e738ad8f82663110c29a6b7e96b3f1ff42c7d541a043",
};

export const GIT_URL =
  "git+ssh://git@github.com/demo/my-git-dep.git#0123456789abcdef0123456789abcdef01234567";
export const EDITABLE_URL = "git+https://github.com/demo/editable-pkg.git@main";
/** Their purls: the package's own version, and the repository it comes from. */
export const GIT_PURL =
  "pkg:npm/my-git-dep@1.0.0?vcs_url=git%2Bssh://git%40github.com/demo/my-git-dep.git%230123456789abcdef0123456789abcdef01234567";
export const EDITABLE_PURL =
  "pkg:pypi/editable-pkg?vcs_url=git%2Bhttps://github.com/demo/editable-pkg.git%40main";

function sha256(value: string): Hash[] {
  const hash = hashFromPrefixed(`sha256:${value}`);
  return hash ? [hash] : [];
}

/** npm project with a workspace member: package-lock.json at the target's root. */
export function npmSnapshot(): Snapshot {
  const b = new SnapshotBuilder(
    {
      path: "package-lock.json",
      format: "package-lock",
      ecosystem: "npm",
      formatVersion: "3",
      manifests: [],
    },
    npmNaming,
  );
  const root = b.addRoot(".", "demo-app", "1.2.0");
  const ui = b.addRoot("packages/ui", "@demo/ui", "0.1.0");
  const add = (name: string, version: string, extra: Omit<PackageInput, "name" | "version"> = {}) => {
    b.countEntry();
    return b.addPackage({ name, version, ...extra });
  };
  const babelCore = add("@babel/core", "7.25.2", {
    hashes: hashesFromIntegrity(INTEGRITY.babelCore),
    license: "MIT",
  });
  const babelHelper = add("@babel/helper-plugin-utils", "7.28.6", {
    hashes: hashesFromIntegrity(INTEGRITY.babelHelper),
    license: "(MIT OR Apache-2.0)",
  });
  const lodash = add("lodash", "4.17.11", {
    hashes: [...hashesFromIntegrity(INTEGRITY.lodash), { algorithm: "sha1", value: SHA.lodashSha1 }],
    license: "MIT",
  });
  const jest = add("jest", "30.2.0", { hashes: hashesFromIntegrity(INTEGRITY.jest), license: "MIT" });
  const jestUtil = add("jest-util", "30.2.0", {
    hashes: hashesFromIntegrity(INTEGRITY.jestUtil),
    license: "MIT",
  });
  const fsevents = add("fsevents", "2.3.3", { license: "MIT" });
  const react = add("react", "18.2.0", { license: "MIT" });
  const gitDep = add("my-git-dep", "1.0.0", {
    source: { kind: "git", url: GIT_URL },
    license: "SEE LICENSE IN LICENSE.txt",
  });
  const localLib = add("local-lib", "0.0.1", { source: { kind: "file", url: "file:../local-lib" } });
  const linked = add("linked", "2.0.0", { source: { kind: "link", url: "../linked" } });
  b.addEdge(root, babelCore, "prod", "^7.25.0");
  b.addEdge(root, lodash, "prod", "^4.17.0");
  b.addEdge(root, jest, "dev", "^30.0.0");
  b.addEdge(root, fsevents, "optional", "^2.3.2");
  b.addEdge(root, localLib, "prod", "file:../local-lib");
  b.addEdge(ui, react, "peer", "^18");
  b.addEdge(ui, gitDep, "prod");
  b.addEdge(ui, lodash, "prod");
  b.addEdge(ui, linked, "dev");
  b.addEdge(babelCore, babelHelper, "prod");
  b.addEdge(jest, jestUtil, "prod");
  b.addEdge(jestUtil, lodash, "prod");
  return b.build();
}

/** Poetry project in `backend/`, with a graph. */
export function poetrySnapshot(): Snapshot {
  const b = new SnapshotBuilder(
    {
      path: "backend/poetry.lock",
      format: "poetry-lock",
      ecosystem: "pypi",
      formatVersion: "2.1",
      manifests: [],
    },
    pypiNaming,
  );
  const root = b.addRoot(".", "demo-backend", "0.3.0");
  const add = (name: string, version: string, hashes: Hash[] = [], license?: string) => {
    b.countEntry();
    return b.addPackage({ name, version, hashes, ...(license ? { license } : {}) });
  };
  const django = add(
    "Django",
    "4.2.11",
    [...sha256(SHA.djangoWheel), ...sha256(SHA.djangoSdist)],
    "BSD-3-Clause",
  );
  const asgiref = add("asgiref", "3.8.1", sha256(SHA.asgiref));
  const sqlparse = add("sqlparse", "0.5.0");
  const typing = add("typing_extensions", "4.10.0");
  const pytest = add("pytest", "8.1.1", [], "MIT");
  const pluggy = add("pluggy", "1.4.0");
  const iniconfig = add("iniconfig", "2.0.0");
  b.addEdge(root, django, "prod", ">=4.2,<5");
  b.addEdge(root, typing, "optional");
  b.addEdge(root, pytest, "dev", "^8");
  b.addEdge(django, asgiref, "prod", ">=3.6.0,<4");
  b.addEdge(django, sqlparse, "prod", ">=0.3.1");
  b.addEdge(pytest, pluggy, "prod");
  b.addEdge(pytest, iniconfig, "prod");
  return b.build();
}

/** A requirements `.in` file in `backend/requirements/`: no graph, unpinned lines, shared packages. */
export function requirementsInSnapshot(): Snapshot {
  const b = new SnapshotBuilder(
    {
      path: "backend/requirements/dev.in",
      format: "requirements-in",
      ecosystem: "pypi",
      formatVersion: "1",
      manifests: [],
    },
    pypiNaming,
  );
  b.addRoot(".");
  const hints = { scopeHint: "dev", directHint: true } as const;
  b.countEntry(5);
  b.addPackage({ name: "requests", requirement: ">=2.31", location: { line: 1 }, ...hints });
  b.addPackage({
    name: "Black",
    requirement: "==24.*",
    markers: 'python_version >= "3.9"',
    location: { line: 2 },
    ...hints,
  });
  b.addPackage({
    name: "django",
    version: "4.2.11",
    hashes: sha256(SHA.djangoExtra),
    location: { line: 3 },
    ...hints,
  });
  b.addPackage({ name: "pytest", version: "8.1.1", location: { line: 4 }, ...hints });
  b.addPackage({
    name: "editable_pkg",
    source: { kind: "git", url: EDITABLE_URL },
    location: { line: 5 },
    ...hints,
  });
  return b.build();
}

export function sampleInventory(): Inventory {
  return {
    target: "/home/demo/demo-app",
    snapshots: [npmSnapshot(), poetrySnapshot(), requirementsInSnapshot()],
  };
}
