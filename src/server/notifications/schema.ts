import { CHANNEL_KINDS } from "./channels/types.js";

/** JSON Schemas of the channel routes' bodies: strict, as every body of the API. */

const NAME = {
  type: "string",
  minLength: 1,
  maxLength: 100,
  pattern: "^[^\\u0000-\\u001f\\u007f]+$",
} as const;

/** http(s) only: a channel is not a way to make the server open files or other schemes. */
const URL_CONFIG = {
  type: "object",
  additionalProperties: false,
  required: ["url"],
  properties: { url: { type: "string", format: "uri", pattern: "^https?://", maxLength: 2048 } },
} as const;

const EMAIL_CONFIG = {
  type: "object",
  additionalProperties: false,
  required: ["recipients"],
  properties: {
    recipients: {
      type: "array",
      minItems: 1,
      maxItems: 50,
      uniqueItems: true,
      items: { type: "string", format: "email", maxLength: 254 },
    },
  },
} as const;

/** The configuration a kind takes, applied by `if`/`then` so errors name the member that is wrong. */
const CONFIG_BY_KIND = [
  ...(["webhook", "slack", "teams"] as const).map((kind) => ({
    if: { properties: { kind: { const: kind } } },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, never awaited.
    then: { properties: { config: URL_CONFIG } },
  })),
  {
    if: { properties: { kind: { const: "email" } } },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, never awaited.
    then: { properties: { config: EMAIL_CONFIG } },
  },
];

export const CREATE_CHANNEL_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["name", "kind", "config"],
  properties: {
    name: NAME,
    kind: { type: "string", enum: [...CHANNEL_KINDS] },
    config: { type: "object" },
    enabled: { type: "boolean" },
  },
  allOf: CONFIG_BY_KIND,
} as const;

/** A change: the kind stays; `config` must fit the channel's kind (checked by the route). */
export const UPDATE_CHANNEL_SCHEMA = {
  type: "object",
  additionalProperties: false,
  minProperties: 1,
  properties: {
    name: NAME,
    config: { anyOf: [URL_CONFIG, EMAIL_CONFIG] },
    enabled: { type: "boolean" },
    rotateSecret: { const: true },
  },
} as const;
