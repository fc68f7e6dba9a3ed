import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { z } from "zod";
import { LockkeeperError } from "../errors.js";
import { configSchema, defaultConfig, type LockkeeperConfig } from "./schema.js";

export const CONFIG_FILE_NAMES = ["lockkeeper.yaml", "lockkeeper.yml", ".lockkeeper.yaml", ".lockkeeper.yml"];

export interface ConfigIssue {
  /** Dotted key path (`inventory.scope`); empty for the document itself. */
  path: string;
  line?: number;
  column?: number;
  message: string;
}

export interface ConfigResult {
  config: LockkeeperConfig;
  /** The file read, or undefined when none was found (defaults apply). */
  file?: string;
  errors: ConfigIssue[];
}

/** The nearest config file in `startDir` or one of its parents. */
export function findConfigFile(startDir: string): string | undefined {
  let dir = resolve(startDir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Validates config text and reports every problem with its location, instead of stopping at the
 * first: YAML syntax errors, wrong types or values, and unknown keys (usually typos).
 */
export function validateConfig(text: string): { config?: LockkeeperConfig; errors: ConfigIssue[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      errors: doc.errors.map((error) => {
        const pos = lineCounter.linePos(error.pos[0]);
        return {
          path: "",
          line: pos.line,
          column: pos.col,
          message: error.message.split("\n")[0] ?? "invalid YAML",
        };
      }),
    };
  }
  const data: unknown = doc.toJS() ?? {};
  const result = configSchema.safeParse(data);
  if (result.success) return { config: result.data, errors: [] };
  const errors = result.error.issues.flatMap((issue) => describeIssue(issue, doc.contents, lineCounter));
  return { errors };
}

/** Loads the config for a project directory, or an explicit file. Throws CONFIG listing every issue. */
export function loadConfig(projectDir: string, explicitFile?: string): ConfigResult {
  const file = explicitFile ? resolve(explicitFile) : findConfigFile(projectDir);
  if (!file) return { config: defaultConfig(), errors: [] };
  if (!existsSync(file)) throw new LockkeeperError("NOT_FOUND", `config file not found: ${explicitFile}`);
  const { config, errors } = validateConfig(readFileSync(file, "utf8"));
  if (!config || errors.length > 0) {
    const lines = errors.map(
      (e) =>
        `  ${file}${e.line ? `:${e.line}:${e.column ?? 1}` : ""}: ${e.path ? `${e.path}: ` : ""}${e.message}`,
    );
    throw new LockkeeperError(
      "CONFIG",
      `invalid configuration (${errors.length} problem${errors.length === 1 ? "" : "s"}):\n${lines.join("\n")}`,
      {
        file,
      },
    );
  }
  return { config, file, errors };
}

function describeIssue(issue: z.core.$ZodIssue, contents: unknown, lineCounter: LineCounter): ConfigIssue[] {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => {
      const keyNode = findKeyNode(contents, path, key);
      return locate([...path, key].join("."), `unknown key "${key}"`, keyNode, lineCounter);
    });
  }
  return [locate(path.join("."), issue.message, findValueNode(contents, path), lineCounter)];
}

function locate(
  path: string,
  message: string,
  node: Node | undefined,
  lineCounter: LineCounter,
): ConfigIssue {
  const issue: ConfigIssue = { path, message };
  if (node?.range) {
    const pos = lineCounter.linePos(node.range[0]);
    issue.line = pos.line;
    issue.column = pos.col;
  }
  return issue;
}

function findValueNode(contents: unknown, path: string[]): Node | undefined {
  let node: unknown = contents;
  for (const key of path) {
    if (isSeq(node)) {
      const item = node.items[Number(key)];
      if (item === undefined) return node;
      node = item;
      continue;
    }
    if (!isMap(node)) return node as Node | undefined;
    const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
    if (!pair) return node;
    node = pair.value ?? pair.key;
  }
  return node as Node | undefined;
}

function findKeyNode(contents: unknown, path: string[], key: string): Node | undefined {
  const parent = findValueNode(contents, path);
  if (!isMap(parent)) return parent;
  const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
  return (pair?.key as Node | undefined) ?? parent;
}
