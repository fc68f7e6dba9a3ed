import type { LockfileParser } from "../ecosystems/types.js";
import { cycloneDxParser } from "./cyclonedx-import.js";
import { spdxParser } from "./spdx-import.js";

export { toCycloneDx } from "./cyclonedx-export.js";
export type { SbomExportOptions } from "./export-options.js";
export { type SpdxExportOptions, toSpdx } from "./spdx-export.js";
export { cycloneDxParser, spdxParser };

/** SBOM readers: inventory sources like lockfiles, for detection to try after the lockfile parsers. */
export const SBOM_PARSERS: readonly LockfileParser[] = [cycloneDxParser, spdxParser];
