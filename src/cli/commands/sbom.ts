import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { toCycloneDx } from "../../core/sbom/cyclonedx-export.js";
import { toSpdx } from "../../core/sbom/spdx-export.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { coverageNotice } from "../output/coverage.js";
import { toolVersion } from "../version.js";
import { loadProject } from "./project.js";

export async function sbomCommand(
  io: CliIo,
  target: string,
  options: { format: string; output?: string },
): Promise<number> {
  const { inventory } = loadProject(io, target);
  const document =
    options.format === "spdx"
      ? toSpdx(inventory, { toolVersion: toolVersion() })
      : toCycloneDx(inventory, { toolVersion: toolVersion() });
  const text = `${JSON.stringify(document, null, 2)}\n`;
  if (options.output) {
    writeFileSync(resolve(io.cwd, options.output), text);
    io.stderr(
      `wrote ${options.format === "spdx" ? "SPDX 2.3" : "CycloneDX 1.6"} SBOM to ${options.output}\n`,
    );
  } else {
    io.stdout(text);
  }
  io.stderr(coverageNotice(inventory.snapshots));
  return EXIT.OK;
}
