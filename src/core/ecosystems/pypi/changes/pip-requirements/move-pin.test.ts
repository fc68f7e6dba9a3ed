import { describe, expect, it } from "vitest";
import { movePin } from "./move-pin.js";

const A = "a".repeat(64);
const B = "b".repeat(64);

describe("movePin", () => {
  it("moves a plain pin and keeps comments, markers, extras and the other lines", () => {
    const text = "# web\nDjango==4.2.1 ; python_version >= '3.8'  # LTS\nrequests[socks]==2.31.0\n";
    expect(movePin(text, "django", "4.2.16", [])).toBe(
      "# web\nDjango==4.2.16 ; python_version >= '3.8'  # LTS\nrequests[socks]==2.31.0\n",
    );
    expect(movePin(text, "Requests", "2.32.3", [])).toBe(
      "# web\nDjango==4.2.1 ; python_version >= '3.8'  # LTS\nrequests[socks]==2.32.3\n",
    );
  });

  it("replaces the hashes of a hashed pin with the new release's, keeping the layout and line endings", () => {
    const text = [
      "idna==3.6 \\",
      `  --hash=sha256:${"0".repeat(64)} \\`,
      `  --hash=sha256:${"1".repeat(64)}`,
      "    # via requests",
      "",
    ].join("\r\n");
    expect(movePin(text, "idna", "3.7", [A, B])).toBe(
      ["idna==3.7 \\", `  --hash=sha256:${A} \\`, `  --hash=sha256:${B}`, "    # via requests", ""].join(
        "\r\n",
      ),
    );
  });

  it("refuses what it cannot move: a range, a missing package, two lines, a hashed pin without new hashes", () => {
    expect(() => movePin("requests>=2\n", "requests", "2.32.3", [])).toThrow(/not pinned with ==/);
    expect(() => movePin("idna==3.6\n", "requests", "2.32.3", [])).toThrow(/not pinned with ==/);
    expect(() => movePin("a==1 ; os_name == 'nt'\na==2 ; os_name != 'nt'\n", "a", "3", [])).toThrow(
      /several lines/,
    );
    expect(() => movePin(`idna==3.6 --hash=sha256:${A}\n`, "idna", "3.7", [])).toThrow(
      /no files with hashes/,
    );
  });
});
