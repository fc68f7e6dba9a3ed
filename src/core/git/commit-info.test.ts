import { describe, expect, it } from "vitest";
import { pullRequestNumber } from "./commit-info.js";

describe("pullRequestNumber", () => {
  it.each([
    // Subjects from the warehouse and NodeGoat histories.
    ["chore(deps): bump requests from 2.32.5 to 2.33.0 (#19733)", 19733],
    ["Merge pull request #762 from dstufft/not-a-package", 762],
    ["Merge pull request #217 from karlhorky/patch-2", 217],
    ['Revert "Bump redis from 2.10.6 to 3.0.1 (#5075)" (#5080)', 5080],
    ["Closes #61 - A pull request by for ZAP API integration", undefined],
    ["closes #1, closes # 3, closes #4", undefined],
    ["fix: sync lockfile", undefined],
    ["Merge branch 'ckarande-master'", undefined],
  ])("%s → %s", (subject, expected) => {
    expect(pullRequestNumber(subject)).toBe(expected);
  });
});
