import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type AnySchemaObject, type ErrorObject, type ValidateFunction } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { FIXTURES, REPO_ROOT } from "./fixtures.js";

/**
 * Validation of Lockkeeper's output against the official JSON Schemas in fixtures/schemas:
 * CycloneDX 1.6 (draft-07, with the SPDX licence-id and JSF schemas it references by `$id`),
 * SPDX 2.3 (draft 2019-09) and SARIF 2.1.0 (draft-04, read as draft-07: it uses nothing that
 * differs between the two but `id`).
 */
export const SCHEMA_DIR = join(FIXTURES, "schemas");

export interface SchemaResult {
  valid: boolean;
  errors: ErrorObject[];
  /** One line per error (`/components/3/hashes/0/alg must be equal to one of the allowed values`). */
  messages: string[];
}

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = (addFormatsModule as unknown as { default: typeof addFormatsModule.default }).default;

function readSchema(file: string): AnySchemaObject {
  return JSON.parse(readFileSync(join(SCHEMA_DIR, file), "utf8")) as AnySchemaObject;
}

/** IRIs may hold non-ASCII characters that the `uri` formats reject; whitespace is never allowed. */
function addIriFormats(ajv: Ajv | Ajv2019): void {
  ajv.addFormat("iri-reference", /^[^\s]*$/u);
  ajv.addFormat("iri", /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/u);
  ajv.addFormat("idn-email", /^[^\s@]+@[^\s@]+$/u);
}

let cycloneDx: ValidateFunction | undefined;
let spdx: ValidateFunction | undefined;
let sarif: ValidateFunction | undefined;

function cycloneDxValidator(): ValidateFunction {
  if (!cycloneDx) {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    addIriFormats(ajv);
    // The BOM schema refers to them by file name (resolved against its own $id), so register
    // each under that URI as well as its own $id.
    for (const file of ["spdx.SNAPSHOT.schema.json", "jsf-0.82.SNAPSHOT.schema.json"]) {
      ajv.addSchema(readSchema(file), `http://cyclonedx.org/schema/${file}`);
    }
    cycloneDx = ajv.compile(readSchema("bom-1.6.SNAPSHOT.schema.json"));
  }
  return cycloneDx;
}

function spdxValidator(): ValidateFunction {
  if (!spdx) {
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    addFormats(ajv);
    addIriFormats(ajv);
    spdx = ajv.compile(readSchema("spdx-2.3.schema.json"));
  }
  return spdx;
}

function sarifValidator(): ValidateFunction {
  if (!sarif) {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const { $schema: _draft04, id, ...schema } = readSchema("sarif-2.1.0.schema.json");
    sarif = ajv.compile({ ...schema, $id: id as string });
  }
  return sarif;
}

function run(validate: ValidateFunction, doc: unknown): SchemaResult {
  // A round trip through JSON checks what a consumer reads, not the in-memory object.
  const valid = validate(JSON.parse(JSON.stringify(doc)));
  const errors = validate.errors ? [...validate.errors] : [];
  return {
    valid: valid === true,
    errors,
    messages: errors.map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`),
  };
}

/** Validates a CycloneDX 1.6 JSON BOM. */
export function validateCycloneDx(doc: unknown): SchemaResult {
  return run(cycloneDxValidator(), doc);
}

/** Validates an SPDX 2.3 JSON document. */
export function validateSpdx(doc: unknown): SchemaResult {
  return run(spdxValidator(), doc);
}

/** Validates a SARIF 2.1.0 log. */
export function validateSarif(doc: unknown): SchemaResult {
  return run(sarifValidator(), doc);
}

/** Lockkeeper's own documents: `schema/<name>.schema.json` (draft 2020-12), one per JSON output. */
export const DOCUMENT_SCHEMAS = [
  "scan",
  "outdated",
  "licenses",
  "diff",
  "history",
  "check-imports",
  "verify-prod",
  "update",
  "inventory",
  "why",
  "db-status",
] as const;
export type DocumentSchema = (typeof DOCUMENT_SCHEMAS)[number];

const documentValidators = new Map<DocumentSchema, ValidateFunction>();

/** Validates one of Lockkeeper's JSON documents against its schema in `schema/` (strict mode). */
export function validateDocument(name: DocumentSchema, doc: unknown): SchemaResult {
  let validate = documentValidators.get(name);
  if (!validate) {
    // Strict, but a `oneOf` branch may require properties the schema defines beside it.
    const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
    addFormats(ajv);
    const file = join(REPO_ROOT, "schema", `${name}.schema.json`);
    validate = ajv.compile(JSON.parse(readFileSync(file, "utf8")) as AnySchemaObject);
    documentValidators.set(name, validate);
  }
  return run(validate, doc);
}
