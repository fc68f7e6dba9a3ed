import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password-rules.js";
import { ROLES } from "./principal.js";

/** JSON schema pieces of the auth routes' bodies (Fastify validates them; a mismatch is a 400). */
export const emailSchema = { type: "string", format: "email", maxLength: 254 } as const;
export const passwordSchema = {
  type: "string",
  minLength: PASSWORD_MIN_LENGTH,
  maxLength: PASSWORD_MAX_LENGTH,
} as const;
export const roleSchema = { type: "string", enum: [...ROLES] } as const;
export const uuidSchema = { type: "string", format: "uuid" } as const;
/** Secrets of sessions, tokens and setup links are 43 characters; anything far longer is not one. */
export const secretSchema = { type: "string", minLength: 1, maxLength: 200 } as const;

export function idParams() {
  return { type: "object", required: ["id"], properties: { id: uuidSchema } } as const;
}
