import { randomUUID } from "node:crypto";

/** Options shared by the SBOM writers. Fix `timestamp` and `serialNumber` for byte-identical output. */
export interface SbomExportOptions {
  /** Lockkeeper's version, recorded as the creating tool. */
  toolVersion: string;
  /** ISO 8601 UTC date-time; defaults to now (whole seconds). */
  timestamp?: string;
  /** `urn:uuid:<uuid>`; defaults to a random one. SPDX uses its uuid in the document namespace. */
  serialNumber?: string;
}

export function exportTimestamp(options: SbomExportOptions): string {
  return options.timestamp ?? new Date().toISOString().replace(/\.\d+Z$/, "Z");
}

export function exportSerialNumber(options: SbomExportOptions): string {
  return options.serialNumber ?? `urn:uuid:${randomUUID()}`;
}
