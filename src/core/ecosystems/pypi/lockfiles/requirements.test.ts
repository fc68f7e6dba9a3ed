import { describe, expect, it } from "vitest";
import { parseFixture } from "../../../../test-support/parse-fixture.js";
import { isLockkeeperError } from "../../../errors.js";
import { MemoryFiles } from "../../../files/project-files.js";
import type { PackageNode, Snapshot } from "../../../model/types.js";
import { requirementsParser } from "./requirements.js";

const parseWarehouse = (file: string): Snapshot =>
  parseFixture(requirementsParser, {
    dir: "python/warehouse-pip-compile",
    lockfile: `requirements/${file}.txt`,
  });

function parseText(path: string, content: string, files: Record<string, string> = {}): Snapshot {
  return requirementsParser.parse({ path, content, files: new MemoryFiles({ ...files, [path]: content }) });
}

function pkg(snapshot: Snapshot, name: string): PackageNode {
  const found = snapshot.packages.filter((p) => p.name === name);
  const [only] = found;
  if (!only || found.length !== 1) throw new Error(`${name}: ${found.length} packages`);
  return only;
}

const edgeNames = (snapshot: Snapshot, to: string): string[] =>
  snapshot.edges
    .filter((e) => e.to === pkg(snapshot, to).id)
    .map((e) => `${e.from.replace(/@.*$/, "").replace("pypi:", "")}:${e.kind}`)
    .sort();

describe("requirements: plain pins (pygoat)", () => {
  const snapshot = parseFixture(requirementsParser, {
    dir: "python/pygoat-requirements",
    lockfile: "requirements.txt",
  });

  it("reads every pin as a direct prod package without edges", () => {
    // 34 lines, each `name==version`.
    expect(snapshot.packages).toHaveLength(34);
    expect(snapshot.coverage).toMatchObject({ entries: 34, parsed: 34, skipped: [], warnings: [] });
    expect(snapshot.lockfile.formatVersion).toBe("pip");
    expect(snapshot.edges).toEqual([]);
    expect(snapshot.packages.every((p) => p.direct && p.scope === "prod")).toBe(true);
  });

  it("normalises names and keeps the spelling and line", () => {
    expect(pkg(snapshot, "django")).toMatchObject({
      id: "pypi:django@4.2",
      displayName: "Django",
      version: "4.2",
      purl: "pkg:pypi/django@4.2",
      source: { kind: "registry" },
      locations: [{ key: "Django==4.2", line: 11 }],
    });
    expect(pkg(snapshot, "pyyaml")).toMatchObject({ displayName: "PyYAML", version: "5.1" });
    expect(pkg(snapshot, "pyjwt").displayName).toBe("PyJWT");
  });
});

describe("requirements: pip-compile output (warehouse main.txt)", () => {
  const snapshot = parseWarehouse("main");

  it("reads pins, hashes and the header", () => {
    expect(snapshot.lockfile.formatVersion).toBe("pip-compile");
    expect(snapshot.packages).toHaveLength(184);
    expect(snapshot.coverage).toMatchObject({ entries: 184, parsed: 184, skipped: [], warnings: [] });
    // grep -c -- '--hash=' main.txt
    expect(snapshot.packages.reduce((sum, p) => sum + p.hashes.length, 0)).toBe(2089);
    expect(pkg(snapshot, "lxml").hashes).toHaveLength(134);
    expect(pkg(snapshot, "argon2-cffi-bindings").hashes[0]).toEqual({
      algorithm: "sha256",
      value: "1db89609c06afa1a214a69a462ea741cf735b29a57530478c06eb81dd403de99",
    });
  });

  it("turns `# via` annotations into edges: `-r main.in` from the root, packages as parents", () => {
    // 79 packages name `-r requirements/main.in`; 339 via items, less pyjwt's `# via pyjwt` (its own extra).
    expect(snapshot.packages.filter((p) => p.direct)).toHaveLength(79);
    expect(snapshot.edges).toHaveLength(338);
    expect(edgeNames(snapshot, "alembic")).toEqual(["alembic-postgresql-enum:prod", "root:.:prod"]);
    expect(edgeNames(snapshot, "argon2-cffi-bindings")).toEqual(["argon2-cffi:prod"]);
    // The "unsafe" section at the end is annotated like the rest.
    expect(edgeNames(snapshot, "setuptools")).toEqual(["pyramid:prod", "zope-deprecation:prod"]);
    expect(pkg(snapshot, "setuptools").direct).toBe(false);
    expect(snapshot.packages.every((p) => p.scope === "prod")).toBe(true);
  });

  it("keeps extras in the location key", () => {
    expect(pkg(snapshot, "celery")).toMatchObject({
      version: "5.6.3",
      locations: [{ key: "celery[redis]==5.6.3", line: 199 }],
    });
  });
});

describe("requirements: pip-tools layering on warehouse", () => {
  // Counts from comparing each file's pins with main.txt (same name and version).
  const cases = [
    {
      file: "dev",
      total: 27,
      prod: 17,
      direct: 6,
      devOnly: ["pip-tools", "pyramid-debugtoolbar", "pip", "wheel"],
    },
    { file: "tests", total: 48, prod: 18, direct: 16, devOnly: ["pytest", "coverage", "webtest"] },
    { file: "lint", total: 56, prod: 10, direct: 27, devOnly: ["ruff", "mypy", "types-requests"] },
    { file: "deploy", total: 8, prod: 8, direct: 2, devOnly: [] },
  ];
  for (const { file, total, prod, direct, devOnly } of cases) {
    it(`${file}.txt: packages also pinned in main.txt are prod, the rest take the file's scope`, () => {
      const snapshot = parseWarehouse(file);
      expect(snapshot.packages).toHaveLength(total);
      expect(snapshot.packages.filter((p) => p.scope === "prod")).toHaveLength(prod);
      expect(snapshot.packages.filter((p) => p.direct)).toHaveLength(direct);
      for (const name of devOnly) expect(pkg(snapshot, name).scope, name).toBe("dev");
    });
  }

  it("dev.txt: shared packages are prod whether direct (hupper) or transitive (pyramid, click)", () => {
    const snapshot = parseWarehouse("dev");
    expect(pkg(snapshot, "hupper")).toMatchObject({ scope: "prod", direct: true });
    expect(pkg(snapshot, "pyramid")).toMatchObject({ scope: "prod", direct: false, version: "2.1" });
    // click is only reached through pip-tools in dev.txt, but main.txt pins click==8.4.2 too.
    expect(edgeNames(snapshot, "click")).toEqual(["pip-tools:prod"]);
    expect(pkg(snapshot, "click").scope).toBe("prod");
    expect(pkg(snapshot, "pip-tools")).toMatchObject({ scope: "dev", direct: true });
    expect(edgeNames(snapshot, "pip-tools")).toEqual(["root:.:dev"]);
    // dev.in names no constraint, so the conventional main.txt beside it is the prod layer.
    expect(snapshot.lockfile.manifests).toEqual(["requirements/dev.in", "requirements/main.txt"]);
  });
});

describe("requirements: layering with -c constraints", () => {
  const devTxt = [
    "a==1.0",
    "    # via",
    "    #   -c requirements/base.txt",
    "    #   pytest",
    "pytest==8.0",
    "    # via -r requirements/dev.in",
    "c==3.0",
    "    # via pytest",
  ].join("\n");
  const files = {
    "requirements/dev.in": "-c base.txt\npytest\n",
    "requirements/base.txt": "a==1.0\nc==2.0\n",
    // Not consulted: the explicit constraint wins over the conventional name.
    "requirements/main.txt": "pytest==8.0\n",
  };

  it("counts packages pinned at the same version in the constraint lock as prod", () => {
    const snapshot = parseText("requirements/dev.txt", devTxt, files);
    expect(pkg(snapshot, "a").scope).toBe("prod");
    expect(pkg(snapshot, "c").scope).toBe("dev"); // base.txt pins c==2.0, not 3.0
    expect(pkg(snapshot, "pytest")).toMatchObject({ scope: "dev", direct: true });
    expect(snapshot.lockfile.manifests).toEqual(["requirements/dev.in", "requirements/base.txt"]);
  });

  it("trusts a `# via -c` annotation when the constraint lock is missing, and says so", () => {
    const snapshot = parseText("requirements/dev.txt", devTxt, {
      "requirements/dev.in": "-c base.txt\npytest\n",
    });
    expect(pkg(snapshot, "a").scope).toBe("prod");
    expect(pkg(snapshot, "c").scope).toBe("dev");
    expect(snapshot.coverage.warnings).toEqual([
      "requirements/dev.txt: constraint file base.txt not found; shared pins stay dev",
    ]);
  });

  it("leaves a prod-named file alone", () => {
    const snapshot = parseText("requirements/main.txt", "x==1\n", { "requirements/base.txt": "x==1\n" });
    expect(snapshot.lockfile.manifests).toEqual([]);
  });
});

describe("requirements: includes", () => {
  const files = {
    "base.txt": "django==4.2\n",
    "dev/extra.txt": "-r ../base.txt\npytest==8.0\n",
    "constraints.txt": "requests==2.31.0\n",
  };
  const content = "-r base.txt\n-r dev/extra.txt\n-c constraints.txt\n-r missing.txt\nflask==3.0\n";

  it("adds the packages of -r files (relative to the including file), not those of -c files", () => {
    const snapshot = parseText("requirements.txt", content, files);
    expect(snapshot.packages.map((p) => p.id)).toEqual([
      "pypi:django@4.2",
      "pypi:flask@3.0",
      "pypi:pytest@8.0",
    ]);
    expect(snapshot.lockfile.manifests).toEqual(["base.txt", "dev/extra.txt"]);
    expect(snapshot.coverage).toMatchObject({ entries: 3, parsed: 3, skipped: [] });
    expect(snapshot.coverage.warnings).toEqual([
      "requirements.txt:4: included file missing.txt not found; its requirements are missing",
    ]);
    expect(pkg(snapshot, "django").locations).toEqual([{ key: "base.txt:1: django==4.2" }]);
    expect(snapshot.packages.every((p) => p.direct)).toBe(true);
  });

  it("gives included packages the stronger of both files' scopes", () => {
    const snapshot = parseText("requirements-dev.txt", "-r requirements.txt\npytest==8.0\n", {
      "requirements.txt": "flask==3.0\n",
    });
    expect(pkg(snapshot, "flask").scope).toBe("prod");
    expect(pkg(snapshot, "pytest").scope).toBe("dev");
  });

  it("stops at include loops", () => {
    const snapshot = parseText("a.txt", "-r b.txt\nx==1\n", { "b.txt": "-r a.txt\ny==2\n" });
    expect(snapshot.packages.map((p) => p.name)).toEqual(["x", "y"]);
    expect(snapshot.coverage.warnings).toEqual([]);
  });
});

describe("requirements: editable, URL, unpinned and bad lines", () => {
  const content = [
    "-e .",
    "-e git+https://github.com/org/tool.git@v2.0#egg=tool",
    "pkg @ https://example.org/pkg-1.2.tar.gz",
    "./vendor/thing-0.3-py3-none-any.whl",
    "requests>=2.0",
    "svn+https://svn.example.org/repo#egg=oldthing",
    "git+https://github.com/org/noname.git",
    "this is not valid",
    'flask==3.0 ; python_version >= "3.8"',
    "--index-url https://pypi.example.org/simple",
    "--frobnicate",
  ].join("\n");
  const snapshot = parseText("requirements.txt", content, {
    "pyproject.toml": '[project]\nname = "my-app"\nversion = "0.1.0"\n',
  });

  it("reads URL, VCS and local requirements with their source and any derivable version", () => {
    expect(pkg(snapshot, "my-app")).toMatchObject({ version: "0.1.0", source: { kind: "file", url: "." } });
    expect(pkg(snapshot, "tool")).toMatchObject({
      source: { kind: "git", url: "git+https://github.com/org/tool.git@v2.0#egg=tool" },
      purl: "pkg:pypi/tool?vcs_url=git%2Bhttps://github.com/org/tool.git%40v2.0%23egg%3Dtool",
    });
    expect(pkg(snapshot, "tool").version).toBeUndefined();
    expect(pkg(snapshot, "pkg")).toMatchObject({ version: "1.2", source: { kind: "url" } });
    expect(pkg(snapshot, "thing")).toMatchObject({ version: "0.3", source: { kind: "file" } });
    expect(pkg(snapshot, "oldthing").source.kind).toBe("url");
    expect(snapshot.lockfile.manifests).toEqual(["pyproject.toml"]);
  });

  it("keeps unpinned requirements with their range and markers on pins", () => {
    expect(pkg(snapshot, "requests")).toMatchObject({ id: "pypi:requests@>=2.0", requirement: ">=2.0" });
    expect(pkg(snapshot, "requests").version).toBeUndefined();
    expect(pkg(snapshot, "flask")).toMatchObject({ version: "3.0", markers: 'python_version >= "3.8"' });
  });

  it("reports unreadable lines with their line numbers and warns about everything not pinned", () => {
    expect(snapshot.coverage.entries).toBe(9);
    expect(snapshot.coverage.parsed).toBe(7);
    expect(snapshot.coverage.skipped).toEqual([
      { entry: "this is not valid", line: 8, reason: 'invalid version specifier "is not valid"' },
      {
        entry: "git+https://github.com/org/noname.git",
        line: 7,
        reason: "cannot tell the project name of this URL or path (add #egg=<name>)",
      },
    ]);
    expect(snapshot.coverage.warnings).toEqual([
      "requirements.txt:11: unknown option --frobnicate ignored",
      "requirements.txt:1: my-app is not pinned to a registry version (editable .)",
      "requirements.txt:2: tool is not pinned to a registry version (editable git+https://github.com/org/tool.git@v2.0#egg=tool)",
      "requirements.txt:3: pkg is not pinned to a registry version (url https://example.org/pkg-1.2.tar.gz)",
      "requirements.txt:4: thing is not pinned to a registry version (local path ./vendor/thing-0.3-py3-none-any.whl)",
      "requirements.txt:5: requests>=2.0 is not pinned to one version (use ==)",
      "requirements.txt:6: oldthing is not pinned to a registry version (url svn+https://svn.example.org/repo#egg=oldthing)",
    ]);
  });
});

describe("requirements: other annotation shapes and failures", () => {
  it("makes unannotated packages of an annotated file direct (pip-compile before 5.5)", () => {
    const snapshot = parseText("requirements.txt", "click==7.0   # via black\nblack==19.10b0\n");
    expect(edgeNames(snapshot, "black")).toEqual(["root:.:prod"]);
    expect(edgeNames(snapshot, "click")).toEqual(["black:prod"]);
    expect(pkg(snapshot, "click").direct).toBe(false);
  });

  it("warns about `# via` names that are not in the file", () => {
    const snapshot = parseText("requirements.txt", "a==1\n    # via ghost\n");
    expect(snapshot.coverage.warnings).toEqual([
      "requirements.txt: # via names packages that are not in the file: ghost",
    ]);
    expect(pkg(snapshot, "a")).toMatchObject({ scope: "prod", direct: false });
  });

  it("reads uv's pip compile header", () => {
    const snapshot = parseText(
      "requirements.txt",
      "# This file was autogenerated by uv via the following command:\na==1\n",
    );
    expect(snapshot.lockfile.formatVersion).toBe("uv-pip-compile");
  });

  it("rejects binary content with the file and line", () => {
    try {
      parseText("dir/requirements.txt", "a==1\nb==2\u0000");
      expect.unreachable();
    } catch (error: unknown) {
      expect(isLockkeeperError(error) && { code: error.code, file: error.file, line: error.line }).toEqual({
        code: "PARSE",
        file: "dir/requirements.txt",
        line: 2,
      });
    }
  });
});

describe("requirements: whether the file pins every dependency", () => {
  it("calls a hand-written file that names Flask and Werkzeug, but none of their dependencies, incomplete", () => {
    const snapshot = parseText("requirements.txt", "Flask==2.1.2\nWerkzeug==2.1.2\n");
    expect(snapshot.packages.map((p) => p.name)).toEqual(["flask", "werkzeug"]);
    expect(snapshot.coverage.incomplete).toMatch(/^not a compiled lock .*may leave out dependencies/);
  });

  it("trusts pip-compile output and files where every requirement carries a hash (pip enforces completeness)", () => {
    expect(parseWarehouse("main").coverage.incomplete).toBeUndefined();
    const hashed = parseText(
      "requirements.txt",
      "flask==2.1.2 \\\n    --hash=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n",
    );
    expect(hashed.coverage.incomplete).toBeUndefined();
  });
});

describe("requirements: a pip-compile lock against its .in inputs", () => {
  const lock = [
    "# This file is autogenerated by pip-compile with Python 3.12",
    "flask==3.0.0",
    "    # via -r requirements/main.in",
    "werkzeug==3.0.1",
    "    # via flask",
    "",
  ].join("\n");

  it("gives direct dependencies the input's range and warns once when the lock no longer matches it", () => {
    const snapshot = parseText("requirements/main.txt", lock, {
      "requirements/main.in": "flask>=2.0,<3\nrequests\n",
    });
    expect(snapshot.edges.filter((e) => e.from === "root:.").map((e) => [e.to, e.range])).toEqual([
      ["pypi:flask@3.0.0", ">=2.0,<3"],
    ]);
    expect(snapshot.coverage.warnings).toEqual([
      "out of date with its inputs (pip-compile updates it): flask 3.0.0 is outside >=2.0,<3 of requirements/main.in; requests of requirements/main.in is not in the lock",
    ]);
  });

  it("says nothing when the lock matches its input", () => {
    const snapshot = parseText("requirements/main.txt", lock, { "requirements/main.in": "flask>=3\n" });
    expect(snapshot.coverage.warnings).toEqual([]);
  });
});
