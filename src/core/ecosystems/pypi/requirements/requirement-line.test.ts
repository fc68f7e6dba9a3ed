import { describe, expect, it } from "vitest";
import { type PipRequirement, parseRequirementLine } from "./requirement-line.js";

/** A requirement with pip's defaults, so cases list only what they are about and `toEqual` checks the rest. */
function req(fields: Partial<PipRequirement>): PipRequirement {
  return { extras: [], editable: false, hashes: [], ...fields };
}

function requirement(text: string): PipRequirement {
  const parsed = parseRequirementLine(text);
  if (parsed.kind !== "requirement") throw new Error(`${text}: ${JSON.stringify(parsed)}`);
  return parsed.requirement;
}

describe("parseRequirementLine: requirements", () => {
  const cases: [string, PipRequirement][] = [
    ["Django==4.2", req({ name: "Django", specifier: "==4.2", version: "4.2" })],
    ["foo===1.0-local", req({ name: "foo", specifier: "===1.0-local", version: "1.0-local" })],
    [
      "celery[redis, sqs]==5.6.3",
      req({ name: "celery", extras: ["redis", "sqs"], specifier: "==5.6.3", version: "5.6.3" }),
    ],
    ["requests >= 2.0 , < 3", req({ name: "requests", specifier: ">=2.0,<3" })],
    ["foo (>=1.0)", req({ name: "foo", specifier: ">=1.0" })],
    ["foo==1.*", req({ name: "foo", specifier: "==1.*" })],
    ["zope.interface", req({ name: "zope.interface" })],
    [
      'importlib-metadata==8.7.1 ; python_version < "3.10"',
      req({
        name: "importlib-metadata",
        specifier: "==8.7.1",
        version: "8.7.1",
        markers: 'python_version < "3.10"',
      }),
    ],
    [
      "pyjwt[crypto]==2.13.0  --hash=sha256:AB12 --hash sha256:cd34",
      req({
        name: "pyjwt",
        extras: ["crypto"],
        specifier: "==2.13.0",
        version: "2.13.0",
        hashes: ["sha256:AB12", "sha256:cd34"],
      }),
    ],
    [
      'pkg @ https://example.org/pkg-1.0.tar.gz ; sys_platform == "linux"',
      req({ name: "pkg", url: "https://example.org/pkg-1.0.tar.gz", markers: 'sys_platform == "linux"' }),
    ],
    [
      "git+https://github.com/org/repo@v1#egg=repo",
      req({ url: "git+https://github.com/org/repo@v1#egg=repo" }),
    ],
    ["./libs/local_pkg", req({ url: "./libs/local_pkg" })],
    ["-e .[dev]", req({ url: ".", extras: ["dev"], editable: true })],
    [
      "--editable=git+https://github.com/org/x.git#egg=x",
      req({ url: "git+https://github.com/org/x.git#egg=x", editable: true }),
    ],
  ];
  for (const [text, expected] of cases) {
    it(text, () => {
      expect(requirement(text)).toEqual(expected);
    });
  }
});

describe("parseRequirementLine: options and includes", () => {
  const cases: [string, ReturnType<typeof parseRequirementLine>][] = [
    ["-r base.txt", { kind: "include", path: "base.txt", constraint: false }],
    ["-rbase.txt", { kind: "include", path: "base.txt", constraint: false }],
    ["--requirement=../common.txt", { kind: "include", path: "../common.txt", constraint: false }],
    ["-c constraints.txt", { kind: "include", path: "constraints.txt", constraint: true }],
    ["--constraint main.txt", { kind: "include", path: "main.txt", constraint: true }],
    ["--index-url https://pypi.example.org/simple", { kind: "option", option: "--index-url" }],
    ["-i https://pypi.example.org/simple", { kind: "option", option: "-i" }],
    ["--extra-index-url=https://x.example.org", { kind: "option", option: "--extra-index-url" }],
    ["--find-links ./wheels", { kind: "option", option: "--find-links" }],
    ["--no-binary :all:", { kind: "option", option: "--no-binary" }],
    ["--require-hashes", { kind: "option", option: "--require-hashes" }],
    ["--frobnicate", { kind: "unknown-option", option: "--frobnicate" }],
  ];
  for (const [text, expected] of cases) {
    it(text, () => {
      expect(parseRequirementLine(text)).toEqual(expected);
    });
  }
});

describe("parseRequirementLine: what is not a requirement", () => {
  const cases: [string, RegExp][] = [
    ["MIT License", /invalid version specifier "License"/],
    ["foo = 1.0", /invalid version specifier/],
    ["foo[bar==1", /unclosed extras/],
    ["foo==1 ;", /empty environment marker/],
    ["pkg @ ", /without a URL/],
    ["{{{", /project name/],
    ["-r", /needs a file name/],
    ["foo==1 --hash", /--hash needs a value/],
  ];
  for (const [text, reason] of cases) {
    it(text, () => {
      const parsed = parseRequirementLine(text);
      expect(parsed.kind).toBe("invalid");
      if (parsed.kind === "invalid") expect(parsed.reason).toMatch(reason);
    });
  }
});
