import { Ajv, type Options } from "ajv";
import addFormats from "ajv-formats";
import type { FastifyInstance } from "fastify";

const COMMON: Options = {
  // A member the schema does not know is refused, not silently dropped: a typo in a field name
  // ("defaultBrnach") must not look like success.
  removeAdditional: false,
  useDefaults: true,
  allErrors: false,
};

/**
 * Request validation: query strings and path parameters arrive as text, so they are coerced
 * (`?limit=20` is a number); JSON bodies are typed already and are taken exactly as sent (`"true"`
 * is not a boolean, `"MIT"` is not a list), as a strict API should.
 */
export function useStrictValidation(app: FastifyInstance): void {
  const coercing = addFormats.default(new Ajv({ ...COMMON, coerceTypes: "array" }));
  const exact = addFormats.default(new Ajv({ ...COMMON, coerceTypes: false }));
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === "body" ? exact : coercing).compile(schema),
  );
}
