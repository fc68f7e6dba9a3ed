// Bundles the CLI into dist/bundle (what the `lk` binary runs). One file per lazily loaded command
// instead of hundreds of modules: Node 20 spends most of a short run resolving and compiling modules.
import { build } from "esbuild";

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
