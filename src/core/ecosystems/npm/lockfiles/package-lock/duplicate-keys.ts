/**
 * JSON.parse keeps the last of two equal keys without a word, so a package-lock whose `packages`
 * (or v1 `dependencies`) map names an install path twice — a bad merge, or a file made to hide an
 * entry from tools that read the first — would be read as if the other entry did not exist. npm
 * writes every key once; a repeated one is an error of the file.
 *
 * This scan runs on text JSON.parse has accepted, so it can assume well-formed JSON. It skips
 * strings with indexOf and keeps keys only for the maps of interest (top-level `packages` and
 * `dependencies`, and the v1 tree's nested `dependencies`), one Map per map being read: memory
 * follows the entries, time a fraction of JSON.parse's.
 */

export interface DuplicateKey {
  /** The key as written in the file (escapes not decoded). */
  key: string;
  /** The map it repeats in: `packages` or `dependencies`. */
  section: string;
  /** Offsets of the first and of the repeated occurrence. */
  firstOffset: number;
  offset: number;
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;

/** What an open container is, for deciding what its children are. */
const Kind = {
  Array: 0,
  /** The document's top object. */
  Root: 1,
  /** An entry map (`packages`, `dependencies`): its keys are checked. */
  Entries: 2,
  /** One entry of a `dependencies` map: its own `dependencies` is an entry map too (v1 tree). */
  DependencyEntry: 3,
  Other: 4,
} as const;
type Kind = (typeof Kind)[keyof typeof Kind];

interface Frame {
  kind: Kind;
  section: string;
  keys: Map<string, number> | undefined;
}

/** The first repeated key of an entry map, or undefined when every key is distinct. */
export function findDuplicateEntryKey(text: string): DuplicateKey | undefined {
  const stack: Frame[] = [];
  let top: Frame | undefined;
  let expectKey = false;
  /** The last key read in the current object, when the object's kind needs it. */
  let key: string | undefined;
  const length = text.length;
  let i = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i + 1;
      let end = text.indexOf('"', start);
      while (isEscaped(text, end)) end = text.indexOf('"', end + 1);
      i = end + 1;
      if (!expectKey || top === undefined) continue;
      expectKey = false;
      const kind = top.kind;
      if (kind === Kind.Entries) {
        key = text.slice(start, end);
        const keys = top.keys as Map<string, number>;
        const first = keys.get(key);
        if (first !== undefined) return { key, section: top.section, firstOffset: first, offset: start - 1 };
        keys.set(key, start - 1);
      } else if (kind === Kind.Root || kind === Kind.DependencyEntry) {
        key = text.slice(start, end);
      }
      continue;
    }
    if (c === OPEN_BRACE) {
      const frame = childFrame(top, key, stack.length === 0);
      stack.push(frame);
      top = frame;
      expectKey = true;
      key = undefined;
    } else if (c === OPEN_BRACKET) {
      const frame: Frame = { kind: Kind.Array, section: "", keys: undefined };
      stack.push(frame);
      top = frame;
      expectKey = false;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      stack.pop();
      top = stack[stack.length - 1];
      key = undefined;
    } else if (c === COMMA) {
      expectKey = top !== undefined && top.kind !== Kind.Array;
    }
    i++;
  }
  return undefined;
}

function childFrame(parent: Frame | undefined, key: string | undefined, isRoot: boolean): Frame {
  if (isRoot) return { kind: Kind.Root, section: "", keys: undefined };
  if (parent?.kind === Kind.Root && (key === "packages" || key === "dependencies"))
    return { kind: Kind.Entries, section: key, keys: new Map() };
  if (parent?.kind === Kind.Entries && parent.section === "dependencies")
    return { kind: Kind.DependencyEntry, section: "", keys: undefined };
  if (parent?.kind === Kind.DependencyEntry && key === "dependencies")
    return { kind: Kind.Entries, section: "dependencies", keys: new Map() };
  return { kind: Kind.Other, section: "", keys: undefined };
}

/** Whether the quote at `at` is escaped: preceded by an odd number of backslashes. */
function isEscaped(text: string, at: number): boolean {
  let backslashes = 0;
  for (let p = at - 1; text.charCodeAt(p) === BACKSLASH; p--) backslashes++;
  return backslashes % 2 === 1;
}
