import { describe, expect, it } from "vitest";
import { describeUrl, looksLikeUrlOrPath, type UrlFacts } from "./source-url.js";

describe("describeUrl", () => {
  const cases: [string, UrlFacts][] = [
    ["git+https://github.com/org/repo@v1.2#egg=my_pkg", { kind: "git", name: "my_pkg" }],
    ["git+ssh://git@github.com/org/repo.git", { kind: "git" }],
    ["hg+https://hg.example.org/repo#egg=thing[extra]", { kind: "url", name: "thing" }],
    [
      "https://files.example.org/packages/requests-2.31.0-py3-none-any.whl",
      { kind: "url", name: "requests", version: "2.31.0" },
    ],
    [
      "https://example.org/dl/foo-bar-1.0.tar.gz#sha256=abc",
      { kind: "url", name: "foo-bar", version: "1.0" },
    ],
    [
      "file:///opt/wheels/six-1.16.0-py2.py3-none-any.whl",
      {
        kind: "file",
        name: "six",
        version: "1.16.0",
        localPath: "/opt/wheels/six-1.16.0-py2.py3-none-any.whl",
      },
    ],
    [
      "./vendor/pkg-2.0.zip",
      { kind: "file", name: "pkg", version: "2.0", localPath: "./vendor/pkg-2.0.zip" },
    ],
    [".", { kind: "file", localPath: "." }],
    ["../libs/thing#egg=thing", { kind: "file", name: "thing", localPath: "../libs/thing" }],
  ];
  for (const [url, expected] of cases) {
    it(url, () => {
      expect(describeUrl(url)).toEqual(expected);
    });
  }

  it("takes no version from an archive that names another project", () => {
    expect(describeUrl("https://example.org/other-1.0.tar.gz#egg=mine")).toEqual({
      kind: "url",
      name: "mine",
    });
  });
});

describe("looksLikeUrlOrPath", () => {
  it.each([
    ["https://x.org/a", true],
    ["git+https://x.org/a", true],
    ["./a", true],
    ["/abs/path", true],
    ["pkg-1.0-py3-none-any.whl", true],
    ["requests", false],
    ["requests==2.0", false],
    ["src/main.c", false],
  ])("%s → %s", (text, expected) => {
    expect(looksLikeUrlOrPath(text)).toBe(expected);
  });
});
