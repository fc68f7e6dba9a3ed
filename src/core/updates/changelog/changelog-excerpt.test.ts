import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assert, describe, expect, it } from "vitest";
import { npmVersioning } from "../../ecosystems/npm/versioning.js";
import { pep440Versioning } from "../../ecosystems/pypi/versioning.js";
import type { VersionScheme } from "../../ecosystems/types.js";
import { type ChangelogExcerpt, excerptChangelog, renderExcerptMarkdown } from "./changelog-excerpt.js";

const FIXTURES = join(import.meta.dirname, "fixtures");
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), "utf8");

interface RealCase {
  file: string;
  format: "markdown" | "rst";
  scheme: VersionScheme;
  from: string;
  to: string;
  versions: string[];
  breaking: string[];
}

// Expected lists read off the fixtures by eye (see fixtures/NOTICE for where each comes from).
const REAL_CASES: RealCase[] = [
  {
    // standard-version: minor releases `##`, patch releases `###` like the "### Bug Fixes" sub-headings.
    file: "uuid-CHANGELOG.md",
    format: "markdown",
    scheme: npmVersioning,
    from: "7.0.3",
    to: "8.3.2",
    versions: ["8.3.2", "8.3.1", "8.3.0", "8.2.0", "8.1.0", "8.0.0"],
    breaking: ["8.0.0"],
  },
  {
    // `4.22.2 / 2026-05-011` underlined with `=`; 4.22.1 mentions "an erroneous breaking change" in prose.
    file: "express-History.md",
    format: "markdown",
    scheme: npmVersioning,
    from: "4.21.0",
    to: "4.22.2",
    versions: ["4.22.2", "4.22.1", "4.22.0", "4.21.2", "4.21.1"],
    breaking: [],
  },
  {
    file: "iconv-lite-Changelog.md",
    format: "markdown",
    scheme: npmVersioning,
    from: "0.4.21",
    to: "0.4.24",
    versions: ["0.4.24", "0.4.23", "0.4.22"],
    breaking: [],
  },
  {
    // A 4.0.1 backport above 3.2.3, above 3.0.0: `to` excludes the newer one at the top of the file.
    file: "jws-CHANGELOG.md",
    format: "markdown",
    scheme: npmVersioning,
    from: "1.0.0",
    to: "3.2.3",
    versions: ["3.2.3", "3.0.0", "2.0.0"],
    breaking: ["3.0.0", "2.0.0"],
  },
  {
    file: "fflate-CHANGELOG.md",
    format: "markdown",
    scheme: npmVersioning,
    from: "0.7.3",
    to: "0.8.3",
    versions: ["0.8.3", "0.8.2", "0.8.1", "0.8.0"],
    breaking: ["0.8.0"],
  },
  {
    // conventional-changelog anchors on their own lines above each heading.
    file: "dayjs-CHANGELOG.md",
    format: "markdown",
    scheme: npmVersioning,
    from: "1.6.4",
    to: "1.6.7",
    versions: ["1.6.7", "1.6.6", "1.6.5"],
    breaking: [],
  },
  {
    file: "async-CHANGELOG.md",
    format: "markdown",
    scheme: npmVersioning,
    from: "3.2.2",
    to: "3.2.5",
    versions: ["3.2.5", "3.2.4", "3.2.3"],
    breaking: [],
  },
  {
    // PEP 440 pre-releases in order, though 3.0.0b1 sits above 2.1.1 in the file.
    file: "charset-normalizer-CHANGELOG.md",
    format: "markdown",
    scheme: pep440Versioning,
    from: "2.1.1",
    to: "3.0.1",
    versions: ["3.0.1", "3.0.0", "3.0.0rc1", "3.0.0b2", "3.0.0b1"],
    breaking: ["3.0.0", "3.0.0b2", "3.0.0b1"],
  },
  {
    // keep-a-changelog with `[v1.2.2]` and `[1.2.1]` side by side and a "### Breaking Changes" section.
    file: "python-dotenv-CHANGELOG.md",
    format: "markdown",
    scheme: pep440Versioning,
    from: "1.1.1",
    to: "1.2.2",
    versions: ["1.2.2", "1.2.1", "1.2.0"],
    breaking: ["1.2.2"],
  },
  {
    // `+++` release titles under a `---` "Changelog" title, with an "Unreleased" one first.
    file: "jedi-CHANGELOG.rst",
    format: "rst",
    scheme: pep440Versioning,
    from: "0.18.2",
    to: "0.20.0",
    versions: ["0.20.0", "0.19.2", "0.19.1", "0.19.0"],
    breaking: [],
  },
  {
    file: "pytest-benchmark-CHANGELOG.rst",
    format: "rst",
    scheme: pep440Versioning,
    from: "5.0.0",
    to: "5.2.3",
    versions: ["5.2.3", "5.2.2", "5.2.1", "5.2.0", "5.1.0", "5.0.1"],
    breaking: [],
  },
  {
    // Written for these tests in towncrier's default layout (no real one on this machine).
    file: "towncrier-CHANGES.rst",
    format: "rst",
    scheme: pep440Versioning,
    from: "1.4.1",
    to: "2.1.0",
    versions: ["2.1.0", "2.1.0rc1", "2.0.0", "1.4.2"],
    breaking: ["2.0.0"],
  },
];

function excerptOf(
  file: string,
  format: "markdown" | "rst",
  scheme: VersionScheme,
  from: string,
  to: string,
) {
  const excerpt = excerptChangelog(fixture(file), { format, scheme, from, to });
  if (!excerpt) throw new Error(`no version headings found in ${file}`);
  return excerpt;
}

describe("excerptChangelog on real changelogs", () => {
  it.each(REAL_CASES)(
    "$file: $from < version <= $to",
    ({ file, format, scheme, from, to, versions, breaking }) => {
      const excerpt = excerptOf(file, format, scheme, from, to);
      expect(excerpt.releases.map((release) => release.version)).toEqual(versions);
      expect(
        excerpt.releases.filter((release) => release.breaking).map((release) => release.version),
      ).toEqual(breaking);
      expect(excerpt.truncated).toBe(false);
      expect(excerpt.format).toBe(format);
      // Every body is its own section: it never runs into another release's heading.
      for (const release of excerpt.releases) {
        const others = versions.filter((version) => version !== release.version);
        for (const other of others)
          expect(release.body).not.toMatch(new RegExp(`^\\S.*\\b${other}\\b.*\\(20`, "m"));
        expect(release.body).toBe(release.body.replace(/^\n+/, "").trimEnd());
      }
    },
  );

  it("keeps a release's sub-sections and stops at the next release, whatever its level", () => {
    const excerpt = excerptOf("uuid-CHANGELOG.md", "markdown", npmVersioning, "7.0.3", "8.0.0");
    const [v8] = excerpt.releases;
    expect(v8?.heading).toBe("[8.0.0](https://github.com/uuidjs/uuid/compare/v7.0.3...v8.0.0) (2020-04-29)");
    expect(v8?.body.startsWith("### ⚠ BREAKING CHANGES")).toBe(true);
    expect(v8?.body).toContain("### Features");
    expect(v8?.body.split("\n").at(-1)).toBe(
      "- add CommonJS syntax example to README quickstart section ([#417](https://github.com/uuidjs/uuid/issues/417)) ([e0ec840](https://github.com/uuidjs/uuid/commit/e0ec8402c7ad44b7ef0453036c612f5db513fda0))",
    );
  });

  it("leaves out the anchor of the next release and an Unreleased section", () => {
    const dayjs = excerptOf("dayjs-CHANGELOG.md", "markdown", npmVersioning, "1.6.5", "1.6.6");
    expect(dayjs.releases[0]?.body).not.toContain("<a name");
    const jedi = excerptOf("jedi-CHANGELOG.rst", "rst", pep440Versioning, "0.19.2", "0.20.0");
    expect(jedi.releases.map((release) => release.heading)).toEqual(["0.20.0 (2026-05-02)"]);
    expect(jedi.releases[0]?.body.split("\n")[0]).toBe("- Python 3.14 support");
  });

  it("caps the excerpt at a release boundary and says so", () => {
    const full = excerptOf("uuid-CHANGELOG.md", "markdown", npmVersioning, "7.0.0", "8.3.2");
    const [first, second] = full.releases.map((release) => release.heading.length + release.body.length);
    assert.exists(first);
    assert.exists(second);
    const maxChars = first + second + 1;
    const capped = excerptChangelog(fixture("uuid-CHANGELOG.md"), {
      format: "markdown",
      scheme: npmVersioning,
      from: "7.0.0",
      to: "8.3.2",
      maxChars,
    });
    expect(capped?.truncated).toBe(true);
    expect(capped?.releases).toEqual(full.releases.slice(0, 2));
  });

  it("cuts a single release longer than the cap at a line rather than dropping it", () => {
    const capped = excerptChangelog(fixture("uuid-CHANGELOG.md"), {
      format: "markdown",
      scheme: npmVersioning,
      from: "7.0.3",
      to: "8.0.0",
      maxChars: 400,
    });
    const body = capped?.releases[0]?.body ?? "";
    expect(capped?.truncated).toBe(true);
    expect(body.length).toBeGreaterThan(0);
    expect((capped?.releases[0]?.heading.length ?? 0) + body.length).toBeLessThanOrEqual(400);
    expect(fixture("uuid-CHANGELOG.md")).toContain(`${body}\n`);
  });
});

describe("excerptChangelog on heading forms", () => {
  const FORMS: { heading: string; version: string }[] = [
    { heading: "## [1.2.3] - 2020-01-01", version: "1.2.3" },
    { heading: "## v1.2.3", version: "1.2.3" },
    { heading: "# 1.2.3 (2020-01-01)", version: "1.2.3" },
    { heading: "## Version 1.2.3", version: "1.2.3" },
    {
      heading: '## <a name="1.2.3"></a>[1.2.3](https://github.com/o/r/compare/v1.2.2...v1.2.3) (2020-01-01)',
      version: "1.2.3",
    },
    { heading: "## 1.2.3 / 2020-01-01", version: "1.2.3" },
    { heading: "## v2.0.0-beta.1", version: "2.0.0-beta.1" },
    { heading: "## @scope/pkg@1.2.3", version: "1.2.3" },
    { heading: "## **1.2.3**", version: "1.2.3" },
    { heading: "## Release v1.2.3: the fast one", version: "1.2.3" },
  ];

  it.each(FORMS)("finds $version in `$heading`", ({ heading, version }) => {
    const text = `# Changelog\n\n${heading}\n\n- the change\n\n## 0.0.1\n\n- first\n`;
    const excerpt = excerptChangelog(text, {
      format: "markdown",
      scheme: npmVersioning,
      from: "0.0.1",
      to: "3.0.0",
    });
    expect(excerpt?.releases).toEqual([
      { version, heading: heading.replace(/^#+ /, ""), body: "- the change", breaking: false },
    ]);
  });

  it("reads PEP 440 versions and x.y versions padded for node-semver", () => {
    const pep = "## 2.0.0rc1\n\n- rc\n\n## 1.0\n\n- one\n";
    expect(
      excerptChangelog(pep, {
        format: "markdown",
        scheme: pep440Versioning,
        from: "0.9",
        to: "2.0.0rc1",
      })?.releases.map((release) => release.version),
    ).toEqual(["2.0.0rc1", "1.0"]);
    expect(
      excerptChangelog(pep.replace("2.0.0rc1", "2.0.0-rc.1"), {
        format: "markdown",
        scheme: npmVersioning,
        from: "0.9.0",
        to: "2.0.0",
      })?.releases.map((release) => release.version),
    ).toEqual(["2.0.0-rc.1", "1.0"]);
  });

  it("ignores headings inside fenced code, Unreleased, and numbers that are not versions", () => {
    const text = [
      "# Changelog",
      "## Unreleased",
      "- next",
      "## 1.1.0 (unreleased)",
      "- also next",
      "## 1.0.1",
      "```sh",
      "# 1.0.0 is what this comment says",
      "```",
      "### 2019",
      "- kept",
      "## 1.0.0",
      "- first",
    ].join("\n");
    const excerpt = excerptChangelog(text, {
      format: "markdown",
      scheme: npmVersioning,
      from: "0.1.0",
      to: "9.0.0",
    });
    expect(excerpt?.releases.map((release) => [release.version, release.body])).toEqual([
      ["1.0.1", "```sh\n# 1.0.0 is what this comment says\n```\n### 2019\n- kept"],
      ["1.0.0", "- first"],
    ]);
  });

  it("reads reST titles with overlines and any adornment, levels by first appearance", () => {
    const text = [
      "*********",
      " History ",
      "*********",
      "",
      "Version 3.0",
      "~~~~~~~~~~~",
      "",
      "Backwards incompatible changes",
      "``````````````````````````````",
      "",
      "* ``old()`` is gone.",
      "",
      "Version 2.5",
      "~~~~~~~~~~~",
      "",
      "* ``new()``.",
    ].join("\n");
    const excerpt = excerptChangelog(text, {
      format: "rst",
      scheme: pep440Versioning,
      from: "2.0",
      to: "3.0",
    });
    expect(excerpt?.releases).toEqual([
      {
        version: "3.0",
        heading: "Version 3.0",
        body: "Backwards incompatible changes\n``````````````````````````````\n\n* ``old()`` is gone.",
        breaking: true,
      },
      { version: "2.5", heading: "Version 2.5", body: "* ``new()``.", breaking: false },
    ]);
  });

  it("is undefined without version headings, and refuses versions the scheme cannot order", () => {
    const options = { format: "markdown" as const, scheme: npmVersioning, from: "1.0.0", to: "2.0.0" };
    expect(excerptChangelog("# Notes\n\nNothing versioned here.\n", options)).toBeUndefined();
    expect(() => excerptChangelog("## 1.0.0\n", { ...options, from: "latest" })).toThrow(
      /"latest" is not a version/,
    );
  });
});

describe("renderExcerptMarkdown", () => {
  const render = (excerpt: ChangelogExcerpt): string => renderExcerptMarkdown(excerpt);

  it("puts each release under ###, its sections under it, and quotes a breaking section in a callout", () => {
    const markdown = render(excerptOf("uuid-CHANGELOG.md", "markdown", npmVersioning, "7.0.3", "8.1.0"));
    const lines = markdown.split("\n");
    expect(lines.filter((line) => line.startsWith("### "))).toEqual(["### 8.1.0", "### 8.0.0"]);
    expect(lines.filter((line) => line.startsWith("#### "))).toEqual([
      "#### Features",
      "#### Bug Fixes",
      "#### Features",
      "#### Bug Fixes",
    ]);
    const callout = lines.indexOf("> [!WARNING]");
    expect(lines.slice(callout, callout + 4)).toEqual([
      "> [!WARNING]",
      "> **Breaking changes**",
      ">",
      "> - For native ECMAScript Module (ESM) usage in Node.js only named exports are exposed, there is no more default export.",
    ]);
    // Code blocks inside the section stay code blocks inside the callout.
    expect(lines).toContain(">   ```diff");
    // The callout ends where the breaking section does.
    const features = lines.indexOf("#### Features", callout);
    expect(lines.slice(callout, features).every((line) => line === "" || line.startsWith(">"))).toBe(true);
  });

  it("lists breaking lines of a release without a breaking section at its top", () => {
    const markdown = render(excerptOf("fflate-CHANGELOG.md", "markdown", npmVersioning, "0.7.3", "0.8.0"));
    expect(markdown).toContain(
      [
        "### 0.8.0",
        "",
        "> [!WARNING]",
        "> **Breaking changes**",
        ">",
        "> - BREAKING: synchronous decompression functions now take an options object rather than an output buffer as a second parameter",
        "",
        "- BREAKING: synchronous",
      ].join("\n"),
    );
  });

  it("converts reST cheaply and names the breaking section", () => {
    const markdown = render(excerptOf("towncrier-CHANGES.rst", "rst", pep440Versioning, "1.4.2", "2.0.0"));
    expect(markdown).toBe(
      [
        "### 2.0.0",
        "",
        "> [!WARNING]",
        "> **Breaking changes: Deprecations and Removals**",
        ">",
        "> - Removed `widget.compat`, deprecated since 1.4. (#398)",
        "> - Python 3.8 is no longer supported. (#390)",
        "",
        "#### Features",
        "",
        "- Configuration is read from `pyproject.toml`. (#377)",
        "",
        "  .. code-block:: toml",
        "",
        "     [tool.widget]",
        "     jobs = 4",
        "",
      ].join("\n"),
    );
  });

  it("links releases that have a page and notes a truncated excerpt", () => {
    const markdown = render({
      format: "markdown",
      truncated: true,
      releases: [
        {
          version: "2.0.0",
          heading: "v2.0.0",
          body: "",
          breaking: true,
          url: "https://github.com/o/r/releases/tag/v2.0.0",
        },
      ],
    });
    expect(markdown).toBe(
      [
        "### [2.0.0](https://github.com/o/r/releases/tag/v2.0.0)",
        "",
        "> [!WARNING]",
        "> **Breaking changes**: this release is marked as breaking.",
        "",
        "_Older releases in this range are left out to keep this description short: see the full changelog._",
        "",
      ].join("\n"),
    );
  });
});
