import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bufferIo } from "../io.js";
import { run } from "../run.js";
import { plural } from "./plural.js";

describe("counts in messages", () => {
  it("are singular for exactly one", () => {
    expect(plural(1, "package version")).toBe("1 package version");
    expect(plural(0, "package version")).toBe("0 package versions");
    expect(plural(1, "entry", "entries")).toBe("1 entry");
    expect(plural(2, "advisory", "advisories")).toBe("2 advisories");
  });

  it("read right for a scan of one package with one finding", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lk-one-"));
    try {
      writeFileSync(join(dir, "requirements.txt"), "requests==2.28.2\n");
      const io = bufferIo(dir);
      await run(["scan", "."], io);
      expect(io.out).toMatch(
        /^1 finding in 1 package version \(.*\); 1 package version checked against \d+ advisories$/m,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
