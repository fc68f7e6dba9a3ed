import { canonicalLicenseId } from "../../../licenses/spdx-ids.js";

/**
 * Trove licence classifiers (`License :: OSI Approved :: MIT License`) with exactly one SPDX
 * reading. Classifiers without a version or variant ("Apache Software License", "BSD License",
 * "GNU General Public License (GPL)", "Public Domain") have none and stay unknown.
 */
const CLASSIFIERS: Record<string, string> = {
  "MIT License": "MIT",
  "ISC License (ISCL)": "ISC",
  "Python Software Foundation License": "PSF-2.0",
  "Mozilla Public License 1.0 (MPL)": "MPL-1.0",
  "Mozilla Public License 1.1 (MPL 1.1)": "MPL-1.1",
  "Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
  "GNU General Public License v2 (GPLv2)": "GPL-2.0-only",
  "GNU General Public License v2 or later (GPLv2+)": "GPL-2.0-or-later",
  "GNU General Public License v3 (GPLv3)": "GPL-3.0-only",
  "GNU General Public License v3 or later (GPLv3+)": "GPL-3.0-or-later",
  "GNU Lesser General Public License v2 or later (LGPLv2+)": "LGPL-2.0-or-later",
  "GNU Lesser General Public License v3 (LGPLv3)": "LGPL-3.0-only",
  "GNU Lesser General Public License v3 or later (LGPLv3+)": "LGPL-3.0-or-later",
  "GNU Affero General Public License v3": "AGPL-3.0-only",
  "GNU Affero General Public License v3 or later (AGPLv3+)": "AGPL-3.0-or-later",
  "Eclipse Public License 1.0 (EPL-1.0)": "EPL-1.0",
  "Eclipse Public License 2.0 (EPL-2.0)": "EPL-2.0",
  "European Union Public Licence 1.0 (EUPL 1.0)": "EUPL-1.0",
  "European Union Public Licence 1.1 (EUPL 1.1)": "EUPL-1.1",
  "European Union Public Licence 1.2 (EUPL 1.2)": "EUPL-1.2",
  "Historical Permission Notice and Disclaimer (HPND)": "HPND",
  "The Unlicense (Unlicense)": "Unlicense",
  "Universal Permissive License (UPL)": "UPL-1.0",
  "zlib/libpng License": "Zlib",
  "PostgreSQL License": "PostgreSQL",
  "University of Illinois/NCSA Open Source License": "NCSA",
  "W3C License": "W3C",
  "Sun Industry Standards Source License (SISSL)": "SISSL",
  "CC0 1.0 Universal (CC0 1.0) Public Domain Dedication": "CC0-1.0",
};

/**
 * The SPDX id of one licence classifier, or undefined. Newer classifiers end with their SPDX id in
 * parentheses (`Boost Software License 1.0 (BSL-1.0)`), which is taken as is.
 */
export function classifierLicenseId(classifier: string): string | undefined {
  const parts = classifier.split("::").map((part) => part.trim());
  if (parts[0] !== "License") return undefined;
  const name = parts.at(-1) ?? "";
  const mapped = CLASSIFIERS[name];
  if (mapped !== undefined) return mapped;
  const trailing = /\(([A-Za-z0-9.+-]+)\)$/.exec(name)?.[1];
  // Case-sensitive on purpose: "(MPL)" or "(GPL)" are abbreviations, not ids.
  return trailing !== undefined && canonicalLicenseId(trailing) === trailing ? trailing : undefined;
}

/** Whether a classifier is a licence classifier at all (`License :: …`). */
export function isLicenseClassifier(classifier: string): boolean {
  return /^License\s*::/.test(classifier);
}
