import {
  combineExpressions,
  formatLicenseExpression,
  isLicenseRef,
  type LicenseExpression,
  type LicenseLeaf,
  parseLicenseExpression,
} from "./expression.js";
import { canonicalExceptionId, canonicalLicenseId } from "./spdx-ids.js";
import { correctLicenseTerm } from "./term-correction.js";
import type { LicenseAliases, NormalisedLicense } from "./types.js";

export interface NormaliseOptions {
  /** Some spellings mean one licence in one ecosystem only (npm's old "BSD"): its adapter's aliases. */
  aliases?: LicenseAliases;
}

/**
 * Reads a licence value as metadata carries it — an SPDX expression, free text, npm's legacy
 * `{type, url}` object or a `licenses` array — as a canonical SPDX expression. Returns undefined
 * when there is no value at all; anything that cannot be read is `unknown` with the raw text kept.
 */
export function normaliseLicense(
  value: unknown,
  options: NormaliseOptions = {},
): NormalisedLicense | undefined {
  if (typeof value === "string")
    return value.trim() === "" ? undefined : normaliseLicenseText(value, options);
  if (Array.isArray(value)) return normaliseLicenseList(value, options);
  if (isObject(value)) {
    const type = value.type ?? value.name;
    if (typeof type !== "string" || type.trim() === "")
      return unknown(JSON.stringify(value), "a licence object without a type");
    const read = normaliseLicenseText(type, options);
    const notes = read.status === "unknown" ? read.notes : [...read.notes, "npm's legacy {type, url} form"];
    return {
      ...read,
      raw: JSON.stringify(value),
      status: read.status === "valid" ? "corrected" : read.status,
      notes,
    };
  }
  return undefined;
}

/** npm's legacy `licenses: [...]`: several licences the user may choose from. */
function normaliseLicenseList(values: unknown[], options: NormaliseOptions): NormalisedLicense | undefined {
  const raw = JSON.stringify(values);
  const items = values.map((item) => normaliseLicense(item, options)).filter((item) => item !== undefined);
  if (items.length === 0) return values.length === 0 ? undefined : unknown(raw, "an empty licence list");
  const failed = items.find((item) => item.status === "unknown");
  if (failed) return unknown(raw, ...failed.notes);
  const operands = items.map((item) => {
    const parsed = parseLicenseExpression(item.expression ?? "");
    if (!parsed.ok) throw new Error(`normalised expression does not parse: ${item.expression}`);
    return parsed.expression;
  });
  const notes = items.flatMap((item) => item.notes);
  if (items.length > 1) notes.push("a list of licences read as a choice (OR)");
  else notes.push("npm's legacy licence list form");
  return {
    raw,
    expression: formatLicenseExpression(combineExpressions("or", operands)),
    status: "corrected",
    notes: [...new Set(notes)],
  };
}

/** Results by ecosystem and text: a lockfile repeats "MIT" hundreds of times. */
const memo = new Map<string, NormalisedLicense>();
const MEMO_LIMIT = 10_000;

/** A licence string: an SPDX expression, or free text with a single reading. */
export function normaliseLicenseText(text: string, options: NormaliseOptions = {}): NormalisedLicense {
  const key = `${options.aliases?.ecosystem ?? ""}\u0000${text}`;
  const known = memo.get(key);
  // Copies: callers spread results into their own objects, but notes is an array they may extend.
  if (known) return { ...known, notes: [...known.notes] };
  const result = normaliseUncached(text, options);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, result);
  return { ...result, notes: [...result.notes] };
}

function normaliseUncached(text: string, options: NormaliseOptions): NormalisedLicense {
  const trimmed = text.trim();
  const special = specialValue(trimmed);
  if (special) return unknown(text, special);

  const parsed = parseLicenseExpression(trimmed, { lenient: true });
  let firstProblem = parsed.ok ? undefined : `not an SPDX expression: ${parsed.error}`;
  if (parsed.ok) {
    const notes: string[] = [];
    if (parsed.lowerCaseOperators) notes.push("operators written in lower case");
    const resolved = resolveExpression(parsed.expression, notes, options.aliases);
    if (resolved.ok) {
      return {
        raw: text,
        expression: formatLicenseExpression(resolved.expression),
        status: notes.length > 0 ? "corrected" : "valid",
        notes,
      };
    }
    firstProblem = resolved.problem;
  }
  // Whole names with punctuation the expression grammar cannot hold: "GNU GPL v3 (GPLv3)".
  const whole = correctLicenseTerm(trimmed, options.aliases);
  if (whole) return { raw: text, expression: whole.id, status: "corrected", notes: [whole.note] };
  return unknown(text, firstProblem ?? "not an SPDX expression");
}

/** Values that say something about the licence without naming one. */
function specialValue(text: string): string | undefined {
  if (/^unlicensed$/i.test(text))
    return "UNLICENSED: not licensed for use by others (npm's marker for proprietary code)";
  const seeFile = /^see licen[cs]e in (.+)$/i.exec(text);
  if (seeFile) return `a custom licence, in ${seeFile[1]}`;
  if (/^(?:none|noassertion|unknown|n\/a|-)$/i.test(text)) return `"${text}" names no licence`;
  return undefined;
}

type Resolution = { ok: true; expression: LicenseExpression } | { ok: false; problem: string };

/** Every leaf as an SPDX id (list spelling, deprecated GNU ids made explicit, free text corrected). */
function resolveExpression(
  expression: LicenseExpression,
  notes: string[],
  aliases?: LicenseAliases,
): Resolution {
  if (expression.type !== "license") {
    const operands: LicenseExpression[] = [];
    for (const operand of expression.operands) {
      const resolved = resolveExpression(operand, notes, aliases);
      if (!resolved.ok) return resolved;
      operands.push(resolved.expression);
    }
    return { ok: true, expression: combineExpressions(expression.type, operands) };
  }
  const leaf = resolveLeaf(expression, notes, aliases);
  if (!leaf) return { ok: false, problem: `"${expression.id}" is not an SPDX licence id` };
  if (expression.exception !== undefined) {
    const exception = canonicalExceptionId(expression.exception);
    if (!exception) return { ok: false, problem: `"${expression.exception}" is not an SPDX exception id` };
    leaf.exception = exception;
  }
  return { ok: true, expression: leaf };
}

function resolveLeaf(leaf: LicenseLeaf, notes: string[], aliases?: LicenseAliases): LicenseLeaf | undefined {
  if (isLicenseRef(leaf.id)) return { type: "license", id: leaf.id, orLater: leaf.orLater };
  const id = canonicalLicenseId(leaf.id);
  if (id) {
    const modern = modernGnuId(id, leaf.orLater);
    if (modern) {
      notes.push(`deprecated SPDX id ${id}${leaf.orLater ? "+" : ""} read as ${modern}`);
      return { type: "license", id: modern, orLater: false };
    }
    return { type: "license", id, orLater: leaf.orLater };
  }
  const corrected = correctLicenseTerm(`${leaf.id}${leaf.orLater ? "+" : ""}`, aliases);
  if (!corrected) return undefined;
  notes.push(corrected.note);
  return { type: "license", id: corrected.id, orLater: false };
}

/** GNU ids without `-only`/`-or-later` were deprecated in SPDX 3.0; the bare id meant "only". */
const GNU_DEPRECATED = /^(?:A?GPL-[123]\.0|LGPL-(?:2\.0|2\.1|3\.0)|GFDL-1\.[123])$/;

function modernGnuId(id: string, orLater: boolean): string | undefined {
  if (!GNU_DEPRECATED.test(id)) return undefined;
  return canonicalLicenseId(`${id}-${orLater ? "or-later" : "only"}`);
}

function unknown(raw: string, ...notes: string[]): NormalisedLicense {
  return { raw, status: "unknown", notes };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
