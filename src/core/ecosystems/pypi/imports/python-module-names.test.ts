import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { modulesOfRecordPath, readInstalledModules, sitePackagesOf } from "./installed-python-modules.js";
import { distributionsForModule, isPythonStdlib } from "./python-module-names.js";

const venv = mkdtempSync(join(tmpdir(), "lk-venv-"));
afterAll(() => rmSync(venv, { recursive: true, force: true }));

function write(path: string, content: string): void {
  mkdirSync(join(venv, path, ".."), { recursive: true });
  writeFileSync(join(venv, path), content);
}

describe("Python module → distribution", () => {
  it.each([
    ["yaml", undefined, ["PyYAML", "yaml"]],
    ["PIL.Image", undefined, ["Pillow", "PIL"]],
    ["bs4", undefined, ["beautifulsoup4", "bs4"]],
    ["sklearn.linear_model", undefined, ["scikit-learn", "sklearn"]],
    [
      "cv2",
      undefined,
      [
        "opencv-python",
        "opencv-python-headless",
        "opencv-contrib-python",
        "opencv-contrib-python-headless",
        "cv2",
      ],
    ],
    ["dateutil.parser", undefined, ["python-dateutil", "dateutil"]],
    ["jwt", undefined, ["PyJWT", "jwt"]],
    ["Crypto.Cipher", undefined, ["pycryptodome", "Crypto"]],
    ["google.protobuf.message", undefined, ["protobuf", "google"]],
    ["google.cloud", ["storage"], ["google-cloud-storage", "google"]],
    ["requests", undefined, ["requests"]],
  ])("%s %j → %j", (module, names, expected) => {
    expect(distributionsForModule(module, names, new Map()).candidates).toEqual(expected);
  });

  it("prefers installed metadata: top_level.txt and RECORD, two levels deep", () => {
    const site = "lib/python3.11/site-packages";
    write(`${site}/PyYAML-6.0.1.dist-info/METADATA`, "Metadata-Version: 2.1\nName: PyYAML\nVersion: 6.0.1\n");
    write(`${site}/PyYAML-6.0.1.dist-info/top_level.txt`, "_yaml\nyaml\n");
    write(
      `${site}/protobuf-4.25.0.dist-info/RECORD`,
      "google/protobuf/__init__.py,sha256=a,1\ngoogle/protobuf/message.py,sha256=b,2\n",
    );
    write(`${site}/googleapis_common_protos-1.6.dist-info/RECORD`, "google/api/http.py,sha256=c,3\n");
    write(
      `${site}/six-1.16.0.dist-info/RECORD`,
      "six.py,sha256=d,4\n__pycache__/six.cpython-311.pyc,,\n../../../bin/x,,\n",
    );
    const installed = readInstalledModules(sitePackagesOf(venv));
    expect(installed.get("yaml")).toEqual(["PyYAML"]);
    expect(installed.get("google")).toEqual(["googleapis_common_protos", "protobuf"]);
    expect(installed.get("google.protobuf")).toEqual(["protobuf"]);
    expect(installed.get("six")).toEqual(["six"]);
    expect(distributionsForModule("google.protobuf.message", undefined, installed).candidates).toEqual([
      "protobuf",
    ]);
    expect(distributionsForModule("google.api", undefined, installed)).toEqual({
      candidates: ["googleapis_common_protos"],
      source: "installed",
    });
  });

  it.each([
    ["yaml/__init__.py", ["yaml"]],
    ["_cffi_backend.cpython-311-x86_64-linux-gnu.so", ["_cffi_backend"]],
    ["google/cloud/storage/blob.py", ["google", "google.cloud"]],
    ["LICENSE", []],
    ["foo-1.0.dist-info/METADATA", []],
  ])("RECORD path %s provides %j", (path, expected) => {
    expect(modulesOfRecordPath(path)).toEqual(expected);
  });

  it("knows the standard library", () => {
    expect(["os", "os.path", "asyncio", "__future__", "tomllib", "distutils"].every(isPythonStdlib)).toBe(
      true,
    );
    expect(isPythonStdlib("yaml")).toBe(false);
  });
});
