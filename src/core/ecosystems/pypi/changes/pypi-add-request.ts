import { LockkeeperError } from "../../../errors.js";
import { parsePep508 } from "../pep508.js";
import { pep440Versioning } from "../versioning.js";

/** What `lk add` was asked to add to a Python project. */
export interface PypiAddRequest {
  /** As written (tools normalise it themselves). */
  name: string;
  extras: string[];
  /** PEP 440 specifier set without spaces (`>=4.2,<5`); "" for any version. */
  specifier: string;
  /** PEP 508 environment marker, kept on the requirement. */
  marker?: string;
}

const NAME_AT = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*@\s*(.*)$/s;
const URL_LIKE = /^(?:[A-Za-z][A-Za-z0-9+.-]*:|\/|\.{1,2}\/)/;

/**
 * Reads `name`, `name@<specifier>` (npm's habit: `django@>=4.2,<5`; a bare version means `==`) or
 * a PEP 508 requirement (`django[argon2]>=4.2 ; python_version >= "3.10"`). Direct references
 * (`name @ https://…`) are refused: no index release stands behind them to vet.
 */
export function parsePypiAddRequest(spec: string): PypiAddRequest {
  const text = spec.trim();
  const npmStyle = NAME_AT.exec(text);
  const rest = npmStyle?.[3]?.trim() ?? "";
  if (npmStyle && URL_LIKE.test(rest)) throw notARequirement(spec, "a direct reference cannot be vetted");
  const written = npmStyle
    ? `${npmStyle[1]}${npmStyle[2] ?? ""}${/^\d/.test(rest) ? `==${rest}` : rest}`
    : text;
  const parsed = parsePep508(written);
  if (typeof parsed === "string" || parsed.url !== undefined) throw notARequirement(spec);
  const specifier = parsed.specifier ?? "";
  if (specifier !== "" && !pep440Versioning.isValidRange(specifier)) {
    throw notARequirement(spec, `${specifier} is not a PEP 440 version specifier`);
  }
  const request: PypiAddRequest = { name: parsed.name, extras: parsed.extras, specifier };
  if (parsed.markers) request.marker = parsed.markers;
  return request;
}

/** The requirement as a line of a requirements file; `pinned` replaces the specifier with `==`. */
export function requirementText(request: PypiAddRequest, pinned?: string): string {
  const extras = request.extras.length > 0 ? `[${request.extras.join(",")}]` : "";
  const specifier = pinned === undefined ? request.specifier : `==${pinned}`;
  const marker = request.marker ? ` ; ${request.marker}` : "";
  return `${request.name}${extras}${specifier}${marker}`;
}

function notARequirement(spec: string, why?: string): LockkeeperError {
  return new LockkeeperError(
    "USAGE",
    `"${spec}" is not a Python package name with an optional version specifier${why ? ` (${why})` : ""}`,
    {
      hint: 'lk add takes name, name@specifier or a PEP 508 requirement (for example django@">=4.2,<5" or "django>=4.2")',
    },
  );
}
