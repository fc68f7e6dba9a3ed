import { createHash, randomUUID } from "node:crypto";

/** Options shared by the SBOM writers. Fix `timestamp` and `serialNumber` for byte-identical output. */
export interface SbomExportOptions {
  /** Lockkeeper's version, recorded as the creating tool. */
  toolVersion: string;
  /** ISO 8601 UTC date-time; defaults to now (whole seconds). */
  timestamp?: string;
  /** `urn:uuid:<uuid>`; defaults to a random one. SPDX uses its uuid in the document namespace. */
  serialNumber?: string;
  /** What the packages are: what the lockfiles lock (default), or only what is installed. */
  contents?: "locked" | "installed";
}

export function exportTimestamp(options: SbomExportOptions): string {
  return options.timestamp ?? new Date().toISOString().replace(/\.\d+Z$/, "Z");
}

export function exportSerialNumber(options: SbomExportOptions): string {
  return options.serialNumber ?? `urn:uuid:${randomUUID()}`;
}

/** RFC 4122's URL namespace: the name hashed below is the document's own content. */
const NAMESPACE = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";

/**
 * A serial number derived from the document's content (a UUID v5 of it): the same inventory,
 * options and timestamp give the same serial, so a reproducible SBOM is byte-identical, and any
 * change to a component gives another serial.
 */
export function contentSerialNumber(content: string): string {
  const hash = createHash("sha1")
    .update(Buffer.from(NAMESPACE.replaceAll("-", ""), "hex"))
    .update(content)
    .digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50; // version 5
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = hash.subarray(0, 16).toString("hex");
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
