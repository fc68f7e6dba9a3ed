import { describe, expect, it } from "vitest";
import { groupByVersion, type PypiProject, releasesFromProject } from "./project-releases.js";
import type { IndexFile } from "./simple-index.js";

function file(version: string, kind: IndexFile["kind"], extra: Partial<IndexFile> = {}): IndexFile {
  const filename = kind === "wheel" ? `foo-${version}-py3-none-any.whl` : `foo-${version}.tar.gz`;
  return { filename, url: `https://x.example/${filename}`, kind, version, hashes: {}, ...extra };
}

function project(files: IndexFile[], license?: PypiProject["license"]): PypiProject {
  return {
    name: "foo",
    url: "https://x.example/simple/foo/",
    versions: groupByVersion(files),
    license,
    skipped: [],
  };
}

describe("releasesFromProject", () => {
  it("orders versions by PEP 440, not by text or page order", () => {
    const releases = releasesFromProject(
      project([
        file("10.0", "wheel"),
        file("2.0", "wheel"),
        file("2.0rc1", "wheel"),
        file("2.0.post1", "sdist"),
      ]),
    );
    expect(releases.releases.map((release) => release.version)).toEqual([
      "2.0rc1",
      "2.0",
      "2.0.post1",
      "10.0",
    ]);
  });

  it.each([
    ["no file yanked", [undefined, undefined], undefined],
    ["one file of two yanked: pip still installs the other", ["bad wheel", undefined], undefined],
    ["all files yanked, one with a reason", [true, "bad build"], "bad build"],
    ["all files yanked without a reason", [true, true], true],
  ] as const)("yanked: %s", (_case, flags, expected) => {
    const files = [file("1.0", "wheel", { yanked: flags[0] }), file("1.0", "sdist", { yanked: flags[1] })];
    expect(releasesFromProject(project(files)).releases[0]?.yanked).toBe(expected);
  });

  it.each([
    ["all files agree", [">=3.8", ">=3.8"], ">=3.8"],
    ["files disagree: the sdist's", [">=3.9", ">=3.8"], ">=3.8"],
    ["only the wheel says", [">=3.9", undefined], ">=3.9"],
    ["nobody says", [undefined, undefined], undefined],
  ] as const)("requires-python: %s", (_case, [wheel, sdist], expected) => {
    const files = [
      file("1.0", "wheel", { requiresPython: wheel }),
      file("1.0", "sdist", { requiresPython: sdist }),
    ];
    expect(releasesFromProject(project(files)).releases[0]?.requiresPython).toBe(expected);
  });

  it("is published when its first file was uploaded", () => {
    const files = [
      file("1.0", "wheel", { uploadTime: "2024-03-01T10:00:00.654321Z" }),
      file("1.0", "sdist", { uploadTime: "2024-02-28T09:00:00.123456Z" }),
      file("2.0", "sdist"),
    ];
    const [first, second] = releasesFromProject(project(files)).releases;
    expect(first?.publishedAt).toBe("2024-02-28T09:00:00.123Z");
    expect(second?.publishedAt).toBeUndefined();
  });

  it.each<[string, string[], string[], string | undefined]>([
    ["the newest final", ["1.0", "1.1", "2.0"], [], "2.0"],
    ["not a pre-release or dev release", ["1.0", "2.0a1", "2.0.dev1", "2.0rc1"], [], "1.0"],
    ["not yanked", ["1.0", "1.1", "2.0"], ["2.0"], "1.1"],
    ["post releases count", ["1.0", "1.0.post1"], [], "1.0.post1"],
    ["none when all are pre-releases", ["1.0a1"], [], undefined],
  ])("latest is %s", (_case, versions, yanked, expected) => {
    const files = versions.map((version) =>
      file(version, "wheel", yanked.includes(version) ? { yanked: true } : {}),
    );
    expect(releasesFromProject(project(files)).latest).toBe(expected);
  });

  it("puts the JSON API's licence on the release its info describes, and only there", () => {
    const releases = releasesFromProject(
      project([file("1.0", "wheel"), file("2.0", "wheel")], { version: "2.0", value: "MIT" }),
    );
    expect(releases).toEqual({
      ecosystem: "pypi",
      name: "foo",
      latest: "2.0",
      url: "https://x.example/simple/foo/",
      releases: [{ version: "1.0" }, { version: "2.0", license: "MIT" }],
    });
  });
});
