import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** Writes files (path → text; objects as JSON) under a folder, creating parents. */
export function writeTree(root: string, files: Record<string, string | object>): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, typeof content === "string" ? content : `${JSON.stringify(content, null, 2)}\n`);
  }
}

const registryUrl = (name: string, version: string) =>
  `https://registry.npmjs.org/${name}/-/${name.split("/").at(-1)}-${version}.tgz`;

/** A package-lock v3 entry as npm writes it (integrity left out: not needed here). */
function lockEntry(name: string, version: string, extra: object = {}): object {
  return { version, resolved: registryUrl(name, version), ...extra };
}

export const MIT_TEXT =
  "MIT License\n\nCopyright (c) 2016 Example Author\n\nPermission is hereby granted, free of charge, ...";

/**
 * A small project with both ecosystems installed, each package chosen for one source case:
 *
 * npm (package-lock v3, node_modules):
 * - left-pad 1.3.0: licence in the lockfile (WTFPL); installed with LICENSE;
 * - legacy-pkg 0.5.0: none in the lockfile; installed package.json has the legacy
 *   `licenses: [{type, url}]` array and a LICENCE.md;
 * - left-pad 1.0.0 nested under legacy-pkg: installed there with `license: "MIT"` (the top-level
 *   left-pad is another version and must not be used for it);
 * - gpl-thing 2.0.0: installed `license: "GPL-3.0"` (deprecated id) and a COPYING file;
 * - custom-thing 1.0.0: `SEE LICENSE IN EULA.txt` with that file;
 * - missing-pkg 1.0.0: in the lockfile only, not installed;
 * - dev-tool 1.0.0 (dev): installed `AGPL-3.0-only`, no licence file.
 *
 * Python (requirements.txt, .venv/lib/python3.11/site-packages):
 * - requests 2.32.3: `License: Apache-2.0`, licence under dist-info/licenses/ (metadata 2.4);
 * - attrs 25.1.0: `License-Expression: MIT` (PEP 639);
 * - certifi 2024.8.30: `License: UNKNOWN` and an MPL 2.0 classifier, LICENSE beside METADATA;
 * - bsd-thing 1.0: `License: BSD` and the BSD classifier: no single SPDX reading;
 * - django 4.2.7 pinned, but Django 5.0 installed: not this version;
 * - zope.interface 6.0: `License: ZPL 2.1`, installed as `zope_interface-6.0.dist-info`.
 */
export function createInstalledProject(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "lk-licenses-"));
  const site = ".venv/lib/python3.11/site-packages";
  writeTree(dir, {
    "package.json": {
      name: "app",
      version: "1.0.0",
      dependencies: {
        "left-pad": "^1.3.0",
        "legacy-pkg": "^0.5.0",
        "gpl-thing": "^2.0.0",
        "custom-thing": "1.0.0",
        "missing-pkg": "1.0.0",
      },
      devDependencies: { "dev-tool": "1.0.0" },
    },
    "package-lock.json": {
      name: "app",
      version: "1.0.0",
      lockfileVersion: 3,
      requires: true,
      packages: {
        "": {
          name: "app",
          version: "1.0.0",
          dependencies: {
            "left-pad": "^1.3.0",
            "legacy-pkg": "^0.5.0",
            "gpl-thing": "^2.0.0",
            "custom-thing": "1.0.0",
            "missing-pkg": "1.0.0",
          },
          devDependencies: { "dev-tool": "1.0.0" },
        },
        "node_modules/left-pad": lockEntry("left-pad", "1.3.0", { license: "WTFPL" }),
        "node_modules/legacy-pkg": lockEntry("legacy-pkg", "0.5.0", {
          dependencies: { "left-pad": "1.0.0" },
        }),
        "node_modules/legacy-pkg/node_modules/left-pad": lockEntry("left-pad", "1.0.0"),
        "node_modules/gpl-thing": lockEntry("gpl-thing", "2.0.0"),
        "node_modules/custom-thing": lockEntry("custom-thing", "1.0.0"),
        "node_modules/missing-pkg": lockEntry("missing-pkg", "1.0.0"),
        "node_modules/dev-tool": lockEntry("dev-tool", "1.0.0", { dev: true }),
      },
    },
    "node_modules/left-pad/package.json": { name: "left-pad", version: "1.3.0", license: "WTFPL" },
    "node_modules/left-pad/LICENSE":
      "DO WHAT THE FUCK YOU WANT TO PUBLIC LICENSE\nVersion 2, December 2004\n",
    "node_modules/legacy-pkg/package.json": {
      name: "legacy-pkg",
      version: "0.5.0",
      licenses: [{ type: "MIT", url: "https://example.com/legacy/LICENSE" }],
    },
    "node_modules/legacy-pkg/LICENCE.md": `${MIT_TEXT}\r\n`,
    "node_modules/legacy-pkg/README.md": "# legacy\n",
    "node_modules/legacy-pkg/node_modules/left-pad/package.json": {
      name: "left-pad",
      version: "1.0.0",
      license: "MIT",
    },
    "node_modules/gpl-thing/package.json": { name: "gpl-thing", version: "2.0.0", license: "GPL-3.0" },
    "node_modules/gpl-thing/COPYING": "GNU GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007\n",
    "node_modules/custom-thing/package.json": {
      name: "custom-thing",
      version: "1.0.0",
      license: "SEE LICENSE IN EULA.txt",
    },
    "node_modules/custom-thing/EULA.txt": "Custom End User Licence Agreement of Example Corp.\n",
    "node_modules/dev-tool/package.json": { name: "dev-tool", version: "1.0.0", license: "AGPL-3.0-only" },
    "requirements.txt":
      "attrs==25.1.0\nbsd-thing==1.0\ncertifi==2024.8.30\ndjango==4.2.7\nrequests==2.32.3\nzope.interface==6.0\n",
    [`${site}/requests-2.32.3.dist-info/METADATA`]:
      "Metadata-Version: 2.4\nName: requests\nVersion: 2.32.3\nLicense: Apache-2.0\nLicense-File: LICENSE\nClassifier: License :: OSI Approved :: Apache Software License\n\nRequests\n========\n",
    [`${site}/requests-2.32.3.dist-info/licenses/LICENSE`]: "Apache License\nVersion 2.0, January 2004\n",
    [`${site}/attrs-25.1.0.dist-info/METADATA`]:
      "Metadata-Version: 2.4\nName: attrs\nVersion: 25.1.0\nLicense-Expression: MIT\nLicense-File: LICENSE\n",
    [`${site}/attrs-25.1.0.dist-info/licenses/LICENSE`]: `${MIT_TEXT}\n`,
    [`${site}/certifi-2024.8.30.dist-info/METADATA`]:
      "Metadata-Version: 2.1\nName: certifi\nVersion: 2024.8.30\nLicense: UNKNOWN\nClassifier: Intended Audience :: Developers\nClassifier: License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)\n",
    [`${site}/certifi-2024.8.30.dist-info/LICENSE`]:
      "This package contains a modified version of ca-bundle.crt\n",
    [`${site}/bsd_thing-1.0.dist-info/METADATA`]:
      "Metadata-Version: 2.1\nName: bsd-thing\nVersion: 1.0\nLicense: BSD\nClassifier: License :: OSI Approved :: BSD License\n",
    [`${site}/Django-5.0.dist-info/METADATA`]:
      "Metadata-Version: 2.1\nName: Django\nVersion: 5.0\nLicense: BSD-3-Clause\n",
    [`${site}/zope_interface-6.0.dist-info/METADATA`]:
      "Metadata-Version: 2.1\nName: zope.interface\nVersion: 6.0\nLicense: ZPL 2.1\n",
  });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
