import { describe, expect, it } from "vitest";
import { readLogicalLines } from "./logical-lines.js";

describe("readLogicalLines", () => {
  it("joins backslash continuations and keeps the first line's number", () => {
    const lines = readLogicalLines(
      [
        "# header",
        "alembic==1.18.5 \\",
        "    --hash=sha256:aa \\",
        "    --hash=sha256:bb",
        "    # via -r requirements/main.in",
      ].join("\n"),
    );
    expect(lines).toEqual([
      { line: 1, text: "", comment: " header", indented: false },
      { line: 2, text: "alembic==1.18.5     --hash=sha256:aa     --hash=sha256:bb", indented: false },
      { line: 5, text: "", comment: " via -r requirements/main.in", indented: true },
    ]);
  });

  it("ends a continuation at a comment line, which becomes the line's comment (old pip-compile)", () => {
    const lines = readLogicalLines(
      ["six==1.12.0 \\", "    --hash=sha256:aa \\", "    # via pip-tools", "flask"].join("\n"),
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      line: 1,
      text: "six==1.12.0     --hash=sha256:aa",
      comment: " via pip-tools",
    });
    expect(lines[1]).toMatchObject({ line: 4, text: "flask" });
  });

  it("keeps #egg= fragments and strips comments that follow whitespace", () => {
    const lines = readLogicalLines(
      "-e git+https://example.org/r.git#egg=foo  # pinned by hand\nbar==1 #note",
    );
    expect(lines[0]).toMatchObject({
      text: "-e git+https://example.org/r.git#egg=foo",
      comment: " pinned by hand",
    });
    expect(lines[1]).toMatchObject({ line: 2, text: "bar==1", comment: "note" });
  });

  it("handles CRLF, a byte-order mark, blank lines and a dangling continuation at the end", () => {
    const lines = readLogicalLines("\uFEFFa==1\r\n\r\n  \r\nb==2 \\\r\n");
    expect(lines).toEqual([
      { line: 1, text: "a==1", indented: false },
      { line: 4, text: "b==2", indented: false },
    ]);
  });
});
