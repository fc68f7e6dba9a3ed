// Writes schema/lockkeeper.schema.json from the zod config schema (run after `npm run build`).
import { writeFileSync } from "node:fs";
import { configJsonSchema } from "../dist/src/core/config/schema.js";

const schema = configJsonSchema();
writeFileSync(
  new URL("../schema/lockkeeper.schema.json", import.meta.url),
  `${JSON.stringify(schema, null, 2)}\n`,
);
