// Bundles the CLI into dist/bundle (what the `lk` binary runs): one file per lazily loaded command
// or capability instead of hundreds of modules, as Node 20 spends most of a short run resolving,
// reading and compiling modules. (A single file is worse: every command, `lk --version` too,
// would compile all of it; measured +30 ms.)
import { cpSync, rmSync } from "node:fs";
import { build } from "esbuild";

// Chunk names carry content hashes: without a clean folder, each build would leave the last one's.
rmSync("dist/bundle", { recursive: true, force: true });

await build({
  entryPoints: ["src/cli/main.ts"],
  outdir: "dist/bundle",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minify: true,
  sourcemap: "linked",
  logLevel: "warning",
  // PGlite loads its WebAssembly and data files next to its own module: it stays in node_modules
  // (a dependency, installed with lk). pg-native is pg's optional native binding, never installed.
  external: ["@electric-sql/pglite", "pg-native"],
  // Bundled CommonJS dependencies call require(); ESM output needs one.
  banner: {
    js: "import { createRequire as __lkCreateRequire } from 'node:module'; const require = __lkCreateRequire(import.meta.url);",
  },
});

// The server's SQL migrations are read at run time from ./migrations next to the chunk that applies
// them (see src/server/db/migrations.ts); tsc does not copy them into dist/src either.
for (const target of ["dist/bundle/migrations", "dist/src/server/db/migrations"]) {
  cpSync("src/server/db/migrations", target, { recursive: true });
}
