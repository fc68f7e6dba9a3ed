import { describe, expect, it } from "vitest";
import { isLockkeeperError } from "../../../errors.js";
import { versionFromFilename } from "./distribution-filename.js";
import { parseSimpleHtml, parseSimpleJson, parseSimplePage, SIMPLE_JSON_TYPE } from "./simple-index.js";

const PAGE = "https://index.example/simple/foo-bar/";
const SHA_A = "a".repeat(64);
const SHA_B = "b".repeat(64);

describe("versionFromFilename", () => {
  it.each([
    // [file name, project, kind, canonical version]
    ["foo_bar-1.0-py3-none-any.whl", "Foo.Bar", "wheel", "1.0"],
    ["Foo_Bar-1.0.tar.gz", "foo-bar", "sdist", "1.0"],
    ["foo-bar-1.0.post1.zip", "foo_bar", "sdist", "1.0.post1"],
    ["foo-bar-1.0-1.tar.gz", "foo-bar", "sdist", "1.0.post1"],
    ["foo.bar-2.0.tar.bz2", "foo-bar", "sdist", "2.0"],
    ["foo-2.0-1-py3-none-any.whl", "foo", "wheel", "2.0"],
    ["foo-1.0_1-py3-none-any.whl", "foo", "wheel", "1.0.post1"],
    ["foo-1.0RC1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", "foo", "wheel", "1.0rc1"],
    ["torch-2.3.0+cpu-cp311-cp311-linux_x86_64.whl", "torch", "wheel", "2.3.0+cpu"],
    ["foo-1!2.0.dev3.tar.gz", "foo", "sdist", "1!2.0.dev3"],
  ])("%s of %s is a %s of %s", (filename, project, kind, version) => {
    expect(versionFromFilename(filename, project)).toEqual({ ok: true, kind, version });
  });

  it.each([
    ["foo-latest.tar.gz", "foo", /"latest" in foo-latest.tar.gz is not a PEP 440 version/],
    ["foo-1.0-py2.7.egg", "foo", /not a wheel or a source distribution/],
    ["foo-1.0.win32.exe", "foo", /not a wheel or a source distribution/],
    ["other-1.0.tar.gz", "foo", /does not start with the project name foo/],
    ["foo-1.0.tar.gz", "foo-bar", /does not start with the project name foo-bar/],
    ["foobar-1.0-py3-none-any.whl", "foo-bar", /does not start with the project name foo-bar/],
  ])("%s of %s is skipped", (filename, project, reason) => {
    const result = versionFromFilename(filename, project);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

/** One project's files written by hand in both forms, with everything PEP 503/592/691/700 allow. */
const HTML = `<!DOCTYPE html>
<html><head><meta name="pypi:repository-version" content="1.1"><title>Links for foo-bar</title></head>
<body>
<h1>Links for foo-bar</h1>
<a href="../../files/foo_bar-1.0-py3-none-any.whl#sha256=${SHA_A.toUpperCase()}" data-requires-python="&gt;=3.8,&lt;4">foo_bar-1.0-py3-none-any.whl</a><br/>
<a data-requires-python='&gt;=3.8,!=3.9.*' href='/files/Foo_Bar-1.0.tar.gz#sha256=${SHA_B}'>Foo_Bar-1.0.tar.gz</a><br/>
<!-- <a href="/files/foo_bar-0.1.tar.gz">commented out</a> -->
<A HREF="https://files.example/packages/foo_bar-2.0-py3-none-any.whl" DATA-YANKED="">foo_bar-2.0-py3-none-any.whl</A>
<a href="https://files.example/packages/foo_bar-2.1-py3-none-any.whl" data-yanked="Broken &quot;import&quot; &#x27;foo&#39;">x</a>
<a href=https://files.example/packages/foo_bar-2.2-py3-none-any.whl data-yanked>x</a>
<a href="../../files/foo_bar-latest.tar.gz">foo_bar-latest.tar.gz</a>
</body></html>`;

const JSON_PAGE = {
  meta: { "api-version": "1.1" },
  name: "foo-bar",
  versions: ["0.5", "1.0", "2.0", "2.1", "2.2"],
  files: [
    {
      filename: "foo_bar-1.0-py3-none-any.whl",
      url: "../../files/foo_bar-1.0-py3-none-any.whl",
      hashes: { sha256: SHA_A.toUpperCase() },
      "requires-python": ">=3.8,<4",
      yanked: false,
    },
    {
      filename: "Foo_Bar-1.0.tar.gz",
      url: "/files/Foo_Bar-1.0.tar.gz",
      hashes: { sha256: SHA_B },
      "requires-python": ">=3.8,!=3.9.*",
    },
    {
      filename: "foo_bar-2.0-py3-none-any.whl",
      url: "https://files.example/packages/foo_bar-2.0-py3-none-any.whl",
      hashes: {},
      yanked: "",
    },
    {
      filename: "foo_bar-2.1-py3-none-any.whl",
      url: "https://files.example/packages/foo_bar-2.1-py3-none-any.whl",
      hashes: {},
      yanked: `Broken "import" 'foo'`,
    },
    {
      filename: "foo_bar-2.2-py3-none-any.whl",
      url: "https://files.example/packages/foo_bar-2.2-py3-none-any.whl",
      hashes: {},
      yanked: true,
      "requires-python": null,
    },
    { filename: "foo_bar-latest.tar.gz", url: "../../files/foo_bar-latest.tar.gz", hashes: {} },
  ],
};

const EXPECTED_FILES = [
  {
    filename: "foo_bar-1.0-py3-none-any.whl",
    url: "https://index.example/files/foo_bar-1.0-py3-none-any.whl",
    kind: "wheel",
    version: "1.0",
    hashes: { sha256: SHA_A },
    requiresPython: ">=3.8,<4",
  },
  {
    filename: "Foo_Bar-1.0.tar.gz",
    url: "https://index.example/files/Foo_Bar-1.0.tar.gz",
    kind: "sdist",
    version: "1.0",
    hashes: { sha256: SHA_B },
    requiresPython: ">=3.8,!=3.9.*",
  },
  {
    filename: "foo_bar-2.0-py3-none-any.whl",
    url: "https://files.example/packages/foo_bar-2.0-py3-none-any.whl",
    kind: "wheel",
    version: "2.0",
    hashes: {},
    yanked: true,
  },
  {
    filename: "foo_bar-2.1-py3-none-any.whl",
    url: "https://files.example/packages/foo_bar-2.1-py3-none-any.whl",
    kind: "wheel",
    version: "2.1",
    hashes: {},
    yanked: `Broken "import" 'foo'`,
  },
  {
    filename: "foo_bar-2.2-py3-none-any.whl",
    url: "https://files.example/packages/foo_bar-2.2-py3-none-any.whl",
    kind: "wheel",
    version: "2.2",
    hashes: {},
    yanked: true,
  },
];

describe("parseSimplePage", () => {
  it("reads the HTML form: escapes, relative URLs, hash fragments, yanked with and without reason", () => {
    const page = parseSimpleHtml(HTML, PAGE, "Foo.Bar");
    expect(page.files).toEqual(EXPECTED_FILES);
    expect(page.skipped).toEqual([
      {
        filename: "foo_bar-latest.tar.gz",
        reason: '"latest" in foo_bar-latest.tar.gz is not a PEP 440 version',
      },
    ]);
    expect(page.versions).toBeUndefined();
  });

  it("reads the JSON form into the same files, plus PEP 700's versions", () => {
    const page = parseSimpleJson(JSON_PAGE, PAGE, "foo-bar");
    expect(page.files).toEqual(EXPECTED_FILES);
    expect(page.skipped.map((file) => file.filename)).toEqual(["foo_bar-latest.tar.gz"]);
    expect(page.versions).toEqual(JSON_PAGE.versions);
  });

  it("keeps PEP 700 upload times and reports file entries that do not fit", () => {
    const page = parseSimpleJson(
      {
        meta: { "api-version": "1.1" },
        files: [
          {
            filename: "foo-1.0.tar.gz",
            url: "https://x.example/foo-1.0.tar.gz",
            hashes: { sha256: SHA_A },
            "upload-time": "2024-01-02T03:04:05.123456Z",
          },
          { filename: "foo-2.0.tar.gz", hashes: {} },
          "not an object",
        ],
      },
      PAGE,
      "foo",
    );
    expect(page.files.map((file) => [file.version, file.uploadTime])).toEqual([
      ["1.0", "2024-01-02T03:04:05.123456Z"],
    ]);
    expect(page.skipped).toEqual([
      { filename: "foo-2.0.tar.gz", reason: expect.stringMatching(/^not a file entry: url: /) },
      { filename: "(unnamed)", reason: expect.stringMatching(/^not a file entry/) },
    ]);
  });

  it("resolves file URLs against <base href> when the page has one", () => {
    const page = parseSimpleHtml(
      '<base href="https://mirror.example/pkgs/"><a href="foo-1.0.tar.gz">foo-1.0.tar.gz</a>',
      PAGE,
      "foo",
    );
    expect(page.files.map((file) => file.url)).toEqual(["https://mirror.example/pkgs/foo-1.0.tar.gz"]);
  });

  it.each([
    ["application/vnd.pypi.simple.v1+json", JSON.stringify(JSON_PAGE)],
    ["application/json; charset=utf-8", JSON.stringify(JSON_PAGE)],
    ["application/vnd.pypi.simple.v1+html", HTML],
    ["text/html; charset=utf-8", HTML],
    [undefined, JSON.stringify(JSON_PAGE)],
    [undefined, HTML],
  ])("picks the parser by content type %s", (contentType, body) => {
    const page = parseSimplePage(Buffer.from(body), contentType, PAGE, "foo-bar");
    expect(page.files).toEqual(EXPECTED_FILES);
  });

  it.each([
    ["JSON", () => parseSimpleJson({ meta: { "api-version": "2.0" }, files: [] }, PAGE, "foo")],
    [
      "HTML",
      () => parseSimpleHtml('<meta name="pypi:repository-version" content="2.0"><a href="x">', PAGE, "x"),
    ],
  ])("refuses a major API version it does not know (%s, PEP 629)", (_form, parse) => {
    expect(parse).toThrow(/speaks version 2\.0 of the Simple Repository API/);
  });

  it("reports a JSON page that is not a project page as UNKNOWN_FORMAT", () => {
    for (const body of ['{"projects": []}', "{not json"]) {
      try {
        parseSimplePage(body, SIMPLE_JSON_TYPE, PAGE, "foo");
        expect.unreachable();
      } catch (error: unknown) {
        expect(isLockkeeperError(error) && error.code).toBe("UNKNOWN_FORMAT");
      }
    }
  });
});
