import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type * as z from "zod";
import { suggestKey } from "./key-suggestion.js";

/** Alias expansions allowed in a config file: hand-written ones use a few; a bomb needs thousands. */
const MAX_ALIAS_COUNT = 100;

/** A problem in a YAML file, located for `file:line:column` messages. */
export interface YamlIssue {
  /** Dotted key path (`inventory.scope`); empty for the document itself. */
  path: string;
  line?: number;
  column?: number;
  message: string;
}

/**
 * Validates YAML text against a zod schema and reports every problem with its location, instead of
 * stopping at the first: YAML syntax errors, wrong types or values, and unknown keys (usually typos,
 * when the schema is strict). `moved` maps dotted paths of keys that moved elsewhere to where they
 * went, so the error names the new key.
 */
export function validateYaml<Schema extends z.ZodType>(
  text: string,
  schema: Schema,
  moved: ReadonlyMap<string, string> = new Map(),
): { data?: z.output<Schema>; errors: YamlIssue[] } {
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
  let value: unknown;
  try {
    // Aliases expand on conversion: a "billion laughs" file of nested aliases would take minutes
    // and gigabytes. The yaml package stops past maxAliasCount with a ReferenceError.
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error: unknown) {
    if (!(error instanceof ReferenceError)) throw error;
    return { errors: [{ path: "", line: 1, message: `too many YAML alias expansions (${error.message})` }] };
  }
  const result = schema.safeParse(value ?? {});
  if (result.success) return { data: result.data, errors: [] };
  return {
    errors: result.error.issues.flatMap((issue) =>
      describeIssue(issue, doc.contents, lineCounter, moved, schema),
    ),
  };
}

function describeIssue(
  issue: z.core.$ZodIssue,
  contents: unknown,
  lineCounter: LineCounter,
  moved: ReadonlyMap<string, string>,
  schema: z.ZodType,
): YamlIssue[] {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => {
      const keyNode = findKeyNode(contents, path, key);
      const dotted = [...path, key].join(".");
      const to = moved.get(dotted);
      const suggestion = to ? undefined : suggestKey(schema, path, key);
      const hint = to ? `: moved to ${to}` : suggestion ? ` (did you mean "${suggestion}"?)` : "";
      return locate(dotted, `unknown key "${key}"${hint}`, keyNode, lineCounter);
    });
  }
  return [locate(path.join("."), issue.message, findValueNode(contents, path), lineCounter)];
}

function locate(path: string, message: string, node: Node | undefined, lineCounter: LineCounter): YamlIssue {
  const issue: YamlIssue = { path, message };
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
