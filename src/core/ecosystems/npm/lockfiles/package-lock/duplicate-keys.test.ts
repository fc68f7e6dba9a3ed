import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOCKFILES } from "../../../../../test-support/fixtures.js";
import { findDuplicateEntryKey } from "./duplicate-keys.js";

function duplicate(text: string) {
  JSON.parse(text); // the scan runs only on text JSON.parse accepted
  const found = findDuplicateEntryKey(text);
  return found && { key: found.key, section: found.section, at: text.slice(found.offset, found.offset + 12) };
}

describe("findDuplicateEntryKey", () => {
  it("finds a key repeated in packages, in the top-level or a nested v1 dependencies map", () => {
    expect(duplicate('{"packages":{"":{},"node_modules/a":{"v":1},"node_modules/a":{"v":2}}}')).toEqual({
      key: "node_modules/a",
      section: "packages",
      at: '"node_module',
    });
    expect(duplicate('{"dependencies":{"a":{"version":"1"},"b":{},"a":{}}}')?.key).toBe("a");
    expect(
      duplicate(
        '{"dependencies":{"a":{"version":"1","dependencies":{"b":{"version":"1"},"b":{"version":"2"}}}}}',
      ),
    ).toMatchObject({ key: "b", section: "dependencies" });
  });

  it("leaves alone equal keys in different maps, in entries' own fields, and in strings", () => {
    expect(
      duplicate(
        '{"packages":{"node_modules/a":{"dependencies":{"x":"1"}},"node_modules/b":{"dependencies":{"x":"1"}}},' +
          '"dependencies":{"a":{"requires":{"x":"1"},"dependencies":{"x":{}}},"b":{"dependencies":{"x":{}}}},' +
          '"other":{"k":1},"more":[{"packages":{"k":1}},{"packages":{"k":1}}],' +
          '"s":"\\"packages\\":{\\"k\\":1,\\"k\\":1}","t":"\\\\","node_modules/q\\"":{}}',
      ),
    ).toBeUndefined();
    // The same key repeated in an entry's own fields is not an entry map's duplicate.
    expect(duplicate('{"packages":{"node_modules/a":{"version":"1","version":"2"}}}')).toBeUndefined();
  });

  it("tells keys that differ only after an escaped quote apart", () => {
    expect(duplicate('{"packages":{"a\\"b":{},"a\\"c":{},"a\\\\":{}}}')).toBeUndefined();
    expect(duplicate('{"packages":{"a\\\\":{},"a\\\\":{}}}')?.key).toBe("a\\\\");
  });

  it.each(["npm/nodegoat-v1", "npm/nodegoat-v2", "npm/npm-cli-v3-workspaces", "npm/warehouse-v3"])(
    "finds none in the real lockfile %s",
    (dir) => {
      const text = readFileSync(join(LOCKFILES, dir, "package-lock.json"), "utf8");
      expect(findDuplicateEntryKey(text)).toBeUndefined();
    },
  );
});
