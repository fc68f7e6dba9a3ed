import { parse as parseYaml } from "yaml";
import { type OsvRecord, parseOsvRecord } from "../schema/osv.js";
import { recordPackages, skipReason } from "./osv-ecosystems.js";

/** A record that can be stored: validated, with its index keys and its minified JSON. */
export interface SourceRecord {
  kind: "record";
  origin: string;
  record: OsvRecord;
  /** The document as decoded (field order and unknown fields kept), minified. */
  json: string;
  /** `ecosystem:normalised-name` keys, sorted (see `packageKey`). */
  keys: string[];
}

/** A document that is not a valid OSV record; `error` names the origin and each problem. */
export interface RejectedRecord {
  kind: "rejected";
  origin: string;
  error: string;
}

/** A valid record Lockkeeper has no use for (another ecosystem); counted, not stored. */
export interface SkippedRecord {
  kind: "skipped";
  origin: string;
  id: string;
  reason: string;
}

export type ReadOutcome = SourceRecord | RejectedRecord | SkippedRecord;

export type DocumentFormat = "json" | "yaml";

/** The format of an advisory file by its name, or undefined for files that are not records. */
export function documentFormat(fileName: string): DocumentFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".json")) return "json";
  if (lower.endsWith(".yaml") || lower.endsWith(".yml")) return "yaml";
  return undefined;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Decodes, validates and classifies one advisory document. Never throws: undecodable bytes,
 * syntax errors and schema violations come back as `rejected` with the reason.
 */
export function readOsvDocument(
  content: Uint8Array | string,
  origin: string,
  format: DocumentFormat,
): ReadOutcome {
  let text: string;
  try {
    text = typeof content === "string" ? content : utf8.decode(content);
  } catch {
    return { kind: "rejected", origin, error: `${origin}: not valid UTF-8` };
  }
  let value: unknown;
  try {
    value = format === "json" ? JSON.parse(text) : parseYaml(text);
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return {
      kind: "rejected",
      origin,
      error: `${origin}: invalid ${format === "json" ? "JSON" : "YAML"}: ${message}`,
    };
  }
  return classifyOsvValue(value, origin);
}

/** Validates an already decoded document (for callers that parsed it themselves). */
export function classifyOsvValue(value: unknown, origin: string): ReadOutcome {
  const parsed = parseOsvRecord(value, origin);
  if ("error" in parsed) return { kind: "rejected", origin, error: parsed.error };
  const record = parsed.record;
  const packages = recordPackages(record);
  const reason = skipReason(record, packages);
  if (reason !== undefined) return { kind: "skipped", origin, id: record.id, reason };
  return { kind: "record", origin, record, json: JSON.stringify(value), keys: packages.keys };
}
