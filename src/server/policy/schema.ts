/** JSON Schemas of policy members, for the routes that set them (project and installation). */
const LICENSE_LIST = {
  type: "array",
  maxItems: 500,
  items: { type: "string", minLength: 1, maxLength: 200 },
} as const;

/** The policy a project's pushes are judged by (see snapshots/settings.ts); members left out keep their value. */
export const POLICY_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    failOn: { enum: ["critical", "high", "medium", "low", "none"] },
    unknownSeverity: { enum: ["fail", "ignore"] },
    licenses: {
      type: "object",
      additionalProperties: false,
      properties: { deny: LICENSE_LIST, review: LICENSE_LIST, allow: LICENSE_LIST },
    },
  },
} as const;
