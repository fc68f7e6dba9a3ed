import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { readZipFiles } from "./zip-reader.js";

describe("readZipFiles", () => {
  const wheel = zipSync({
    "widget/__init__.py": strToU8("x = 1\n"),
    "widget-2.1.0.dist-info/METADATA": strToU8("Name: widget\n"),
    "widget-2.1.0.dist-info/licenses/": new Uint8Array(),
    "CHANGES.md": strToU8("## 2.1.0\n".repeat(100)),
  });

  it("inflates only the wanted files and passes over directories", () => {
    const asked: string[] = [];
    const files = readZipFiles(wheel, (path) => {
      asked.push(path);
      return !path.endsWith(".py");
    });
    expect(asked.sort()).toEqual(["CHANGES.md", "widget-2.1.0.dist-info/METADATA", "widget/__init__.py"]);
    expect(
      Object.fromEntries([...files].map(([path, bytes]) => [path, Buffer.from(bytes).toString()])),
    ).toEqual({
      "CHANGES.md": "## 2.1.0\n".repeat(100),
      "widget-2.1.0.dist-info/METADATA": "Name: widget\n",
    });
  });

  it("refuses a wanted entry over the caps before inflating it, and data that is not a zip", () => {
    expect(() => readZipFiles(wheel, (path) => path === "CHANGES.md", { maxFileBytes: 500 })).toThrow(
      /CHANGES\.md is 900 bytes, more than the 500 allowed/,
    );
    expect(() => readZipFiles(strToU8("PK but not really"), () => true)).toThrow(/not a readable zip file/);
  });
});
