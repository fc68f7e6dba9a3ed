import { OSV_EVENT_KINDS, type OsvEvent, type OsvEventKind, type OsvRange } from "../schema/osv.js";
import type { VersionOrder } from "./version-order.js";

export interface EventStep {
  kind: OsvEventKind;
  value: string;
  /** Whether the event changed the state: introduced when v ≥ it, fixed when v ≥ it, last_affected when v > it. */
  applies: boolean;
  /** The state after this event. */
  vulnerable: boolean;
}

export interface RangeEvaluation {
  type: OsvRange["type"];
  /** Why the range was not evaluated (GIT ranges; versions the ordering cannot read). */
  skipped?: string;
  /** False when `limit` events exist and the version is not below any of them. */
  beforeLimits: boolean;
  steps: EventStep[];
  vulnerable: boolean;
}

/** The kind and version of an event: the schema lets exactly one of the four be set. */
function readEvent(event: OsvEvent): { kind: OsvEventKind; value: string } {
  for (const kind of OSV_EVENT_KINDS) {
    const value = event[kind];
    if (value !== undefined) return { kind, value };
  }
  throw new Error("an OSV event without a version passed the schema");
}

/** `introduced: "0"` sorts before every version; `limit: "*"` after every version. */
function compareEventValues(order: VersionOrder, a: string, b: string): number {
  if (a === b) return 0;
  if (a === "0") return -1;
  if (b === "0") return 1;
  if (a === "*") return 1;
  if (b === "*") return -1;
  return order.compare(a, b);
}

/**
 * The installed version against an event value. Only the event side has sentinels: an installed
 * PEP 440 `0` is the version 0 (equal to an event `0.0`), not "before everything".
 */
function compareToEvent(order: VersionOrder, version: string, value: string): number {
  if (value === "0" || value === "*") return compareEventValues(order, version, value);
  return order.compare(version, value);
}

/**
 * The OSV evaluation of one SEMVER or ECOSYSTEM range, exactly as the spec's pseudocode: events
 * sorted by version (records may list them in any order), `introduced` sets, `fixed` and
 * `last_affected` clear, and `limit` events bound the whole range. Every step is kept for `lk explain`.
 */
export function evaluateRange(range: OsvRange, version: string, order: VersionOrder): RangeEvaluation {
  const base = { type: range.type, beforeLimits: true, steps: [] as EventStep[], vulnerable: false };
  const events = range.events.map(readEvent);
  const unreadable = events.find(({ value }) => value !== "0" && value !== "*" && !order.isValid(value));
  if (unreadable) {
    return {
      ...base,
      skipped: `${unreadable.kind} "${unreadable.value}" is not a valid ${order.name} version`,
    };
  }

  const limits = events.filter((e) => e.kind === "limit");
  const beforeLimits = limits.length === 0 || limits.some((e) => compareToEvent(order, version, e.value) < 0);
  const sorted = events
    .filter((e) => e.kind !== "limit")
    .sort((a, b) => compareEventValues(order, a.value, b.value));

  let vulnerable = false;
  const steps: EventStep[] = [];
  for (const { kind, value } of sorted) {
    const cmp = compareToEvent(order, version, value);
    let applies = false;
    if (kind === "introduced" && (value === "0" || cmp >= 0)) {
      vulnerable = true;
      applies = true;
    } else if (kind === "fixed" && cmp >= 0) {
      vulnerable = false;
      applies = true;
    } else if (kind === "last_affected" && cmp > 0) {
      vulnerable = false;
      applies = true;
    }
    steps.push({ kind, value, applies, vulnerable });
  }
  for (const limit of limits)
    steps.push({
      kind: "limit",
      value: limit.value,
      applies: !beforeLimits,
      vulnerable: vulnerable && beforeLimits,
    });
  return { ...base, beforeLimits, steps, vulnerable: beforeLimits && vulnerable };
}
