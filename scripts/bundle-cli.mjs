// Bundles the CLI into dist/bundle (what the `lk` binary runs): one file per lazily loaded command
// or capability instead of hundreds of modules, as Node 20 spends most of a short run resolving,
// reading and compiling modules. (A single file is worse: every command, `lk --version` too,
// would compile all of it; measured +30 ms.)
import { rmSync } from "node:fs";
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
  // Bundled CommonJS dependencies call require(); ESM output needs one.
  banner: {
    js: "import { createRequire as __lkCreateRequire } from 'node:module'; const require = __lkCreateRequire(import.meta.url);",
  },
});
