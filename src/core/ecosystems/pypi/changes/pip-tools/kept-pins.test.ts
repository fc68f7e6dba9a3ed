import { describe, expect, it } from "vitest";
import { keptPinConstraints, withoutViaSource } from "./kept-pins.js";

const isKept = (item: string) => item === "-c requirements/.lockkeeper-kept-pins.txt";

describe("keptPinConstraints", () => {
  it("keeps every exact pin with its marker, but not the added package or direct references", () => {
    const lock = [
      "tiny-base==1.0 \\",
      "    --hash=sha256:aa",
      "    # via -r requirements/main.in",
      'Tiny_Lib==1.5 ; python_version >= "3" \\',
      "    --hash=sha256:bb",
      "tiny-local @ file:///wheels/tiny_local-0.5-py3-none-any.whl",
      'colorama==0.4.6 ; sys_platform == "win32"',
      "",
    ].join("\n");
    expect(keptPinConstraints(lock, "tiny.lib")).toEqual([
      "tiny-base==1.0",
      'colorama==0.4.6 ; sys_platform == "win32"',
    ]);
  });
});

describe("withoutViaSource", () => {
  it.each([
    [
      "a single source that was the kept pins goes",
      ["x==1", "    # via -c requirements/.lockkeeper-kept-pins.txt"],
      ["x==1"],
    ],
    [
      "two sources become one line",
      ["x==1", "    # via", "    #   -c requirements/.lockkeeper-kept-pins.txt", "    #   tiny-app"],
      ["x==1", "    # via tiny-app"],
    ],
    [
      "three sources stay a list",
      [
        "x==1",
        "    # via",
        "    #   -c requirements/.lockkeeper-kept-pins.txt",
        "    #   -c requirements/main.txt",
        "    #   tiny-app",
      ],
      ["x==1", "    # via", "    #   -c requirements/main.txt", "    #   tiny-app"],
    ],
    [
      "other annotations and comments are left as they are",
      [
        "# header",
        "x==1",
        "    # via",
        "    #   -r requirements/main.in",
        "    #   tiny-app",
        "y==2",
        "    # via x",
        "",
      ],
      [
        "# header",
        "x==1",
        "    # via",
        "    #   -r requirements/main.in",
        "    #   tiny-app",
        "y==2",
        "    # via x",
        "",
      ],
    ],
  ])("%s", (_name, lines, expected) => {
    expect(withoutViaSource(lines.join("\n"), isKept)).toBe(expected.join("\n"));
  });
});
