import { canonicalLicenseId, licenseIdByName } from "./spdx-ids.js";
import type { LicenseAliases } from "./types.js";

/** A free-text licence name turned into an SPDX id, with the reason shown to the user. */
export interface CorrectedTerm {
  id: string;
  note: string;
}

/**
 * Spellings with exactly one meaning that no rule below derives. Keys are folded by `termKey`.
 * Deliberately absent: names without a version ("GPL", "Apache", "BSD License" on PyPI), which
 * stay unknown rather than be guessed.
 */
const ALIASES: Record<string, string> = {
  "mit/x11": "MIT",
  "mit x11": "MIT",
  "x11/mit": "MIT",
  expat: "MIT",
  "expat license": "MIT",
  "mit license (expat)": "MIT",
  "the mit license (mit)": "MIT",
  "mit license (mit)": "MIT",
  "mit-license": "MIT",
  iscl: "ISC",
  "isc license (iscl)": "ISC",
  unlicense: "Unlicense",
  "the unlicense (unlicense)": "Unlicense",
  "new bsd": "BSD-3-Clause",
  "new bsd license": "BSD-3-Clause",
  "modified bsd": "BSD-3-Clause",
  "modified bsd license": "BSD-3-Clause",
  "revised bsd": "BSD-3-Clause",
  "revised bsd license": "BSD-3-Clause",
  "bsd-new": "BSD-3-Clause",
  "bsd new": "BSD-3-Clause",
  "simplified bsd": "BSD-2-Clause",
  "simplified bsd license": "BSD-2-Clause",
  "bsd-simplified": "BSD-2-Clause",
  "zero-clause bsd": "0BSD",
  psf: "PSF-2.0",
  psfl: "PSF-2.0",
  "psf license": "PSF-2.0",
  "python software foundation license": "PSF-2.0",
  "python software foundation": "PSF-2.0",
  cc0: "CC0-1.0",
  "cc0 1.0 universal": "CC0-1.0",
  "public domain (cc0)": "CC0-1.0",
  "boost software license": "BSL-1.0",
  boost: "BSL-1.0",
  "zlib/libpng": "Zlib",
  "zlib/libpng license": "Zlib",
  "wtfpl v2": "WTFPL",
  upl: "UPL-1.0",
  "universal permissive license": "UPL-1.0",
  "blue oak model license": "BlueOak-1.0.0",
};

/** Lower-case, "licence" → "license", single spaces, no quotes or trailing full stop. */
function termKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/licence/g, "license")
    .replace(/["']/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/\.$/, "");
}

/**
 * Turns one free-text licence name into an SPDX id when the text has exactly one reading:
 * a known alias, an SPDX full name, a GNU/Apache/MPL/BSD family name with a version, or the id
 * written with spaces or a `v` ("Apache 2.0", "MPL v2.0"). Every result is checked against the
 * SPDX list; anything else is undefined (unknown), never a nearest match.
 */
export function correctLicenseTerm(text: string, local?: LicenseAliases): CorrectedTerm | undefined {
  const key = termKey(text);
  if (key === "") return undefined;
  const alias = ALIASES[key];
  if (alias) return { id: alias, note: `"${text}" read as ${alias}` };
  const localAlias = local?.terms[key];
  if (localAlias) return { id: localAlias, note: `"${text}" read as ${localAlias}: ${local.reason}` };
  const byName = licenseIdByName(text);
  if (byName) return { id: byName, note: `"${text}" is the SPDX name of ${byName}` };
  const family = familyId(key);
  if (family) return { id: family, note: `"${text}" read as ${family}` };
  const spelled = respelledId(key);
  if (spelled) return { id: spelled, note: `"${text}" read as ${spelled}` };
  return undefined;
}

/** Drops a trailing parenthetical that restates the name: "GNU GPL v3 (GPLv3)". */
function withoutTrailingParenthetical(key: string): string {
  return key.replace(/\s*\([^()]*\)$/, "");
}

const GNU_NAMES: [RegExp, string][] = [
  [/^(?:gnu )?affero general public license/, "agpl"],
  [/^(?:gnu )?(?:lesser|library) general public license/, "lgpl"],
  [/^(?:gnu )?(?:lesser|library) gpl/, "lgpl"],
  [/^(?:gnu )?general public license/, "gpl"],
  [/^gnu public license/, "gpl"],
  [/^gnu ?(?=a?l?gpl)/, ""],
];
const GNU =
  /^(agpl|lgpl|gpl)[\s-]*v?(\d)(?:\.(\d))?(?:\.0)?(?:[\s-]*(\+|or[\s-]later|or any later version|or newer|only))?$/;
const APACHE =
  /^(?:apache|asl|apache software|apache public)(?:[\s-]+license)?[\s,-]*(?:version\s*)?(\d)(?:\.(\d))?(?:\.0)?$/;
const MPL = /^(?:mpl|mozilla public license)[\s,-]*v?(\d)(?:\.(\d))?$/;
const BSD = /^(?:bsd[\s-]*(\d)[\s-]*clause|(\d)[\s-]*clause[\s-]*bsd)(?:[\s-]+license)?$/;

/** GNU, Apache, MPL and BSD names in their many spellings, when they carry a version. */
function familyId(rawKey: string): string | undefined {
  let key = withoutTrailingParenthetical(rawKey)
    .replace(/\bv\.?\s*(?=\d)/g, "")
    .replace(/\bversion\s*(?=\d)/g, "");
  for (const [pattern, replacement] of GNU_NAMES) key = key.replace(pattern, replacement);
  key = key.replace(/\s+/g, " ").trim();

  const gnu = GNU.exec(key);
  if (gnu) {
    const [, family, major, minor, suffix] = gnu;
    const version = `${major}.${minor ?? "0"}`;
    const later = suffix !== undefined && suffix !== "only";
    return canonicalLicenseId(`${family}-${version}-${later ? "or-later" : "only"}`);
  }
  const apache = APACHE.exec(key);
  if (apache) return canonicalLicenseId(`Apache-${apache[1]}.${apache[2] ?? "0"}`);
  const mpl = MPL.exec(key);
  if (mpl) return canonicalLicenseId(`MPL-${mpl[1]}.${mpl[2] ?? "0"}`);
  const bsd = BSD.exec(key);
  if (bsd) return canonicalLicenseId(`BSD-${bsd[1] ?? bsd[2]}-Clause`);
  return undefined;
}

/**
 * The id with spaces or a `v` instead of the hyphen, or without a trailing "License"
 * ("Artistic 2.0", "ISC License", "OFL v1.1", "CC BY 4.0"), checked against the list.
 */
function respelledId(key: string): string | undefined {
  const base = key.replace(/[\s-]+license$/, "");
  const candidates = [
    base,
    base.replace(/\s+/g, "-"),
    base.replace(/[\s-]*v\.?\s*(?=\d)/, "-").replace(/\s+/g, "-"),
  ];
  for (const candidate of candidates) {
    const id = canonicalLicenseId(candidate) ?? canonicalLicenseId(`${candidate}.0`);
    if (id) return id;
  }
  return undefined;
}
