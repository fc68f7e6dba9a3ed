#!/usr/bin/env node
import { processIo } from "./io.js";
import { toolVersion } from "./version.js";

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  // The most frequent call from scripts: answered without loading the command parser.
  process.stdout.write(`${toolVersion()}\n`);
} else {
  const { runCommand } = await import("./run.js");
  const { code, signal } = await runCommand(argv, processIo());
  // Interrupted: end by the same signal (the handlers are gone), as shells and CI runners expect.
  if (signal) process.kill(process.pid, signal);
  else process.exitCode = code;
}
