// Builds the advisory database shipped in the package, `data/advisories/`, from the public
// advisory data in fixtures/advisories:
//   - pypa/vulns/**/PYSEC-*.yaml   PyPI advisory database (pypa/advisory-database), CC-BY-4.0
//   - npm-osv/NSWG-ECO-*.json      nodejs/security-wg npm advisories as OSV records, MIT
// and copies both licence notices next to it, with a README naming the sources and dates.
//
// Usage (the script runs the compiled store code):
//   npx tsc -p tsconfig.build.json && node scripts/build-advisory-snapshot.mjs [--data DIR] [--out DIR]
// --data defaults to fixtures/advisories, --out to
// data/advisories. `lk scan` opens the folder read-only when the user has no database of their
// own; `lk db update` seeds the user's cache database from it.
//
// Deterministic: the same input gives the same bytes. Records are stored in id order, minified,
// and every date written is taken from the data, never from the clock: a source's date is the
// newest `modified` among its records, and the database's is the newest of those.
// The build fails if any record is rejected or skipped, so the snapshot is the whole input.
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { listRecordFiles } from "../dist/src/core/advisories/sources/directory-source.js";
import { importOsv } from "../dist/src/core/advisories/store/import.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    data: {
      type: "string",
      default: join(repoRoot, "fixtures/advisories"),
    },
    out: { type: "string", default: join(repoRoot, "data/advisories") },
  },
});
const dataDir = resolve(values.data);
const outDir = resolve(values.out);

/** Imported oldest snapshot first, so that the database date ends up being the newest one. */
const SOURCES = [
  {
    label: "nodejs/security-wg",
    dir: join(dataDir, "npm-osv"),
    licence: join(dataDir, "nodejs-security-wg/LICENSE.md"),
    licenceCopy: "LICENSE-nodejs-security-wg.md",
    licenceName: "MIT",
    upstream: "https://github.com/nodejs/security-wg (vuln/npm)",
    description:
      "npm advisories of the Node.js Security Working Group, converted from npm's legacy format to OSV 1.6 records with SEMVER ranges",
  },
  {
    label: "pypa/advisory-database",
    dir: join(dataDir, "pypa/vulns"),
    licence: join(dataDir, "pypa/LICENSE"),
    licenceCopy: "LICENSE-pypa-advisory-database",
    licenceName: "CC-BY-4.0",
    upstream: "https://github.com/pypa/advisory-database",
    description: "the Python Packaging Authority's PyPI advisory database (PYSEC records, OSV format)",
  },
];

/** Newest `modified` of the records under a folder, read straight from the text (JSON or YAML). */
function newestModified(dir) {
  let newest;
  for (const file of listRecordFiles(dir)) {
    const match = /^\s*"?modified"?\s*:\s*["']?([0-9][^"'\s,]*)/m.exec(readFileSync(file, "utf8"));
    if (!match) throw new Error(`${file}: no modified timestamp`);
    if (newest === undefined || Date.parse(match[1]) > Date.parse(newest)) newest = match[1];
  }
  return newest;
}

rmSync(outDir, { recursive: true, force: true });
const lines = [];
let meta;
for (const source of SOURCES) {
  const date = newestModified(source.dir);
  const summary = importOsv(outDir, source.dir, { label: source.label, now: new Date(date) });
  if (summary.rejected.length > 0 || summary.skipped.length > 0) {
    for (const r of summary.rejected) console.error(`rejected: ${r.error}`);
    for (const s of summary.skipped) console.error(`skipped: ${s.origin} (${s.id}): ${s.reason}`);
    throw new Error(
      `${source.label}: ${summary.rejected.length} rejected, ${summary.skipped.length} skipped`,
    );
  }
  meta = summary.meta;
  lines.push(
    `- **${source.label}** — ${source.description}. ${summary.added} records, newest modified ` +
      `${date.slice(0, 10)}. Upstream: ${source.upstream}. Licence: ${source.licenceName}, see ` +
      `[\`${source.licenceCopy}\`](${source.licenceCopy}).`,
  );
}

// After the imports: each import rewrites the folder. Copied as content, not with the source's mode.
for (const source of SOURCES) writeFileSync(join(outDir, source.licenceCopy), readFileSync(source.licence));

const size = (file) => statSync(join(outDir, file)).size;
const readme = `# Shipped advisory database

The advisory database \`lk scan\` uses when no database has been downloaded yet (\`lk db update\`
downloads the current OSV data into the user's cache folder, starting from this one). Snapshot date:
${meta.updatedAt.slice(0, 10)} (the newest \`modified\` in the data). ${meta.records.total} records
(${meta.records.pypi} PyPI, ${meta.records.npm} npm, ${meta.records.withdrawn} withdrawn).

## Sources

${lines.join("\n")}

The records are stored unchanged apart from whitespace (YAML records as the equivalent JSON).

## Files

- \`records.bin\` (${size("records.bin")} bytes) — each record's minified JSON on its own line, in id order.
- \`index.bin\` (${size("index.bin")} bytes) — package name, id and alias index (see
  \`src/core/advisories/store/index-file.ts\`).
- \`meta.json\` — counts, sources and dates.

Generated by \`scripts/build-advisory-snapshot.mjs\`; do not edit by hand. To rebuild:
\`npx tsc -p tsconfig.build.json && node scripts/build-advisory-snapshot.mjs\`.
`;
writeFileSync(join(outDir, "README.md"), readme);
console.log(
  `${outDir}: ${meta.records.total} records, records.bin ${size("records.bin")} B, index.bin ${size("index.bin")} B`,
);
