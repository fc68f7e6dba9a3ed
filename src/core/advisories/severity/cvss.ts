import cvssCalculator from "ae-cvss-calculator";
import type { SeverityLevel } from "../../findings/types.js";

/** What Lockkeeper uses of a parsed vector (the calculator's classes have much more). */
interface CalculatorVector {
  isBaseFullyDefined(): boolean;
  /** `base` is CVSS-B for v2/v3; for v4 it includes threat metrics (CVSS-BT), `baseMetricsOnly` does not. */
  calculateScores(): { base?: number; baseMetricsOnly?: number };
}

// The package is CommonJS: take the named function from its default export.
const { fromVector } = cvssCalculator as unknown as {
  fromVector(vector: string): CalculatorVector | undefined;
};

export interface CvssScore {
  version: "2.0" | "3.0" | "3.1" | "4.0";
  score: number;
  vector: string;
}

/** Version of a vector from its prefix; CVSS v2 vectors have none. */
function cvssVersion(vector: string): CvssScore["version"] | undefined {
  if (vector.startsWith("CVSS:4.0/")) return "4.0";
  if (vector.startsWith("CVSS:3.1/")) return "3.1";
  if (vector.startsWith("CVSS:3.0/")) return "3.0";
  if (/^(\(?)AV:[LAN]\/AC:[HML]\/Au:[MSN]\//.test(vector)) return "2.0";
  return undefined;
}

/** A metric given twice (`AV:N/AV:L`) makes a vector invalid; the calculator would keep the last one. */
function hasRepeatedMetric(body: string): boolean {
  const names = body
    .split("/")
    .filter((part) => !part.startsWith("CVSS:"))
    .map((part) => part.split(":")[0]);
  return new Set(names).size !== names.length;
}

const SCORE_CACHE_LIMIT = 10_000;
const scoreCache = new Map<string, CvssScore | undefined>();

/**
 * Base score (CVSS-B: threat, temporal and environmental metrics ignored, for every version alike)
 * of a CVSS 2.0, 3.0, 3.1 or 4.0 vector, computed by the {metæffekt} calculator (verified against
 * FIRST's reference vectors in cvss.test.ts). Undefined for anything else, including vectors that
 * leave a base metric out: the calculator would score those 0.0, a "none" nobody stated.
 */
export function scoreCvss(vector: string): CvssScore | undefined {
  // Advisories repeat a handful of vectors, and the calculator builds a whole model per call.
  // Callers share the cached objects: they read them, never change them.
  if (scoreCache.has(vector)) return scoreCache.get(vector);
  if (scoreCache.size >= SCORE_CACHE_LIMIT) scoreCache.clear();
  const score = computeScore(vector);
  scoreCache.set(vector, score);
  return score;
}

function computeScore(vector: string): CvssScore | undefined {
  const trimmed = vector.trim();
  const version = cvssVersion(trimmed);
  if (!version) return undefined;
  const body = trimmed.replace(/^\((.*)\)$/, "$1");
  if (hasRepeatedMetric(body)) return undefined;
  try {
    const parsed = fromVector(body);
    if (!parsed?.isBaseFullyDefined()) return undefined;
    const scores = parsed.calculateScores();
    const score = version === "4.0" ? scores.baseMetricsOnly : scores.base;
    if (typeof score !== "number" || Number.isNaN(score)) return undefined;
    return { version, score, vector: trimmed };
  } catch {
    return undefined;
  }
}

/**
 * Qualitative rating: CVSS v3/v4 scale (critical ≥ 9.0, high ≥ 7.0, medium ≥ 4.0, low > 0);
 * CVSS v2 has no critical band (NVD: high ≥ 7.0). A 0.0 score ("none") is reported as low.
 */
export function levelFromScore(score: number, version: CvssScore["version"]): SeverityLevel {
  if (version !== "2.0" && score >= 9.0) return "critical";
  if (score >= 7.0) return "high";
  if (score >= 4.0) return "medium";
  return "low";
}
