import {
  combineExpressions,
  formatLicenseExpression,
  type LicenseExpression,
} from "../../../licenses/expression.js";
import { normaliseLicenseText } from "../../../licenses/normalise.js";
import type { NormalisedLicense } from "../../../licenses/types.js";
import { classifierLicenseId, isLicenseClassifier } from "./classifiers.js";

/** The licence fields of Python core metadata, as METADATA and the PyPI JSON API both carry them. */
export interface PythonLicenseFields {
  /** PEP 639 `License-Expression` (`license_expression` in the JSON API). */
  licenseExpression?: string;
  /** The free-text `License` field: an id, a name, or sometimes the whole licence text. */
  license?: string;
  classifiers: readonly string[];
}

export interface PythonLicense {
  license: NormalisedLicense;
  /** The field it came from: `License-Expression`, `License` or `Classifier`. */
  field: string;
}

/**
 * A Python package's licence from its metadata fields, best first: `License-Expression`, then
 * `License`, then the licence classifiers. The first field that reads as SPDX wins; when none
 * does, the first field present is returned as unknown so its text is shown.
 */
export function pythonLicense(fields: PythonLicenseFields): PythonLicense | undefined {
  const candidates: PythonLicense[] = [];
  if (fields.licenseExpression?.trim())
    candidates.push({
      license: normaliseLicenseText(fields.licenseExpression),
      field: "License-Expression",
    });
  if (fields.license?.trim())
    candidates.push({
      license: normaliseLicenseText(fields.license),
      field: "License",
    });
  const classifiers = fields.classifiers.filter(isLicenseClassifier);
  if (classifiers.length > 0)
    candidates.push({ license: classifierLicense(classifiers), field: "Classifier" });
  return candidates.find((c) => c.license.status !== "unknown") ?? candidates[0];
}

function classifierLicense(classifiers: readonly string[]): NormalisedLicense {
  const raw = classifiers.join("; ");
  const ids = classifiers.map(classifierLicenseId);
  const missing = classifiers.filter((_, i) => ids[i] === undefined);
  if (missing.length > 0)
    return {
      raw,
      status: "unknown",
      notes: missing.map((c) => `classifier "${c}" names no single SPDX licence`),
    };
  const leaves: LicenseExpression[] = [...new Set(ids as string[])].map((id) => ({
    type: "license",
    id,
    orLater: false,
  }));
  const notes = ["read from licence classifiers"];
  if (leaves.length > 1) notes.push("several licence classifiers read as a choice (OR)");
  return {
    raw,
    expression: formatLicenseExpression(combineExpressions("or", leaves)),
    status: "corrected",
    notes,
  };
}
