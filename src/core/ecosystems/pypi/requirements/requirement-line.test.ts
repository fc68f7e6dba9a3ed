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

// The PEP 508 grammar itself is tested in ../pep508.test.ts; these are pip's additions around it.
describe("parseRequirementLine: requirements", () => {
  const cases: [string, PipRequirement][] = [
    ["Django==4.2", req({ name: "Django", specifier: "==4.2", version: "4.2" })],
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
    [
      'https://example.org/a-1.0.whl ; python_version < "3.12"',
      req({ url: "https://example.org/a-1.0.whl", markers: 'python_version < "3.12"' }),
    ],
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
    ["https://example.org/a.whl ;", /empty environment marker/],
    ["./my pkg", /cannot contain spaces/],
    ["-e", /needs a path or URL/],
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
