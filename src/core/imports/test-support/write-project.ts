import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** Writes a project of the given files (relative path → content) into a new temp directory. */
export function writeProject(files: Record<string, string>, prefix = "lk-imports-"): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** An npm project with a workspace, a path alias, tests, tool config and scripts. */
export const NPM_PROJECT: Record<string, string> = {
  "package.json": JSON.stringify({
    name: "shop",
    workspaces: ["packages/*"],
    scripts: { start: "cli-tool serve", build: "tsc" },
    dependencies: {
      express: "^4.0.0",
      lodash: "^4.0.0",
      "@scope/pkg": "^1.0.0",
      "unused-prod": "^1.0.0",
      "cli-tool": "^1.0.0",
      "@types/express": "^4.0.0",
      "left-pad-alias": "npm:left-pad@^1.0.0",
    },
    peerDependencies: { react: "*" },
    devDependencies: { vitest: "^1.0.0", chalk: "^5.0.0", vite: "^5.0.0" },
  }),
  "tsconfig.json": `{
    // path aliases are the project's own code
    "compilerOptions": { "paths": { "@app/*": ["src/*"], }, },
  }`,
  "src/server.ts": [
    `import express from "express";`,
    `import type { Mock } from "vitest";`,
    `import fp from "lodash/fp";`,
    `import { x } from "@scope/pkg/sub";`,
    `import chalk from "chalk";`,
    `import fs from "node:fs";`,
    `import path from "path";`,
    `import "./local.js";`,
    `import { util } from "@app/util";`,
    `const pad = require("left-pad");`,
    `const alias = require("left-pad-alias");`,
    `import { createElement } from "react";`,
    `import self from "shop/internal";`,
  ].join("\n"),
  "src/optional.js": `try {\n  require("chalk");\n} catch {}\n`,
  "src/maybe.js": `try {\n  module.exports = require("optional-thing");\n} catch {\n  module.exports = null;\n}\n`,
  "src/app.test.ts": `import { it } from "vitest";\nimport supertest from "supertest";\n`,
  "vite.config.ts": `import { defineConfig } from "vite";\n`,
  "scripts/release.mjs": `import release from "release-it";\n`,
  "test/helpers.js": `require("nock");\n`,
  "packages/api/package.json": JSON.stringify({ name: "@shop/api", dependencies: { zod: "^3.0.0" } }),
  "packages/api/src/index.js": `const { z } = require("zod");\nconst express = require("express");\n`,
};

/** A Python project: pyproject with a dev group, an installed venv, tests and setup.py. */
export const PYTHON_PROJECT: Record<string, string> = {
  "pyproject.toml": [
    "[project]",
    'name = "svc"',
    'dependencies = ["PyYAML>=6", "requests", "beautifulsoup4", "gunicorn", "google-cloud-storage"]',
    "",
    "[dependency-groups]",
    'dev = ["pytest", "freezegun"]',
  ].join("\n"),
  "svc/__init__.py": "",
  "svc/util.py": "import os\n",
  "svc/app.py": [
    "import os, sys",
    "import yaml",
    "import requests.adapters",
    "from bs4 import BeautifulSoup",
    "from . import util",
    "import svc.util",
    "from google.cloud import storage",
    "import freezegun",
    "import numpy as np",
    "from typing import TYPE_CHECKING",
    "if TYPE_CHECKING:",
    "    import mypy_boto3_s3",
    "from PIL import Image",
    "import helpers",
  ].join("\n"),
  "svc/helpers.py": "",
  "tests/test_app.py": "import pytest\n",
  "conftest.py": "import pytest\n",
  "setup.py": "import setuptools\n",
  ".venv/pyvenv.cfg": "home = /usr/bin\n",
  ".venv/lib/python3.11/site-packages/Pillow-10.0.0.dist-info/METADATA":
    "Metadata-Version: 2.1\nName: Pillow\nVersion: 10.0.0\n",
  ".venv/lib/python3.11/site-packages/Pillow-10.0.0.dist-info/RECORD":
    "PIL/__init__.py,sha256=x,10\nPIL/Image.py,sha256=y,20\nPillow-10.0.0.dist-info/RECORD,,\n",
  ".venv/lib/python3.11/site-packages/numpy/__init__.py": "import pytest_not_scanned\n",
};
