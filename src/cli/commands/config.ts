import { resolve } from "node:path";
import { loadConfig } from "../../core/config/load-config.js";
import { configJsonSchema } from "../../core/config/schema.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";

export async function configValidateCommand(
  io: CliIo,
  dir: string,
  options: { config?: string },
): Promise<number> {
  const { file } = loadConfig(
    resolve(io.cwd, dir),
    options.config ? resolve(io.cwd, options.config) : undefined,
  );
  io.stdout(file ? `${file}: valid\n` : "no lockkeeper.yaml found; the defaults apply\n");
  return EXIT.OK;
}

export async function configSchemaCommand(io: CliIo): Promise<number> {
  io.stdout(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  return EXIT.OK;
}
