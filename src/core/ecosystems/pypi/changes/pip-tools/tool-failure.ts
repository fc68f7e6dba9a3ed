import { type ErrorCode, LockkeeperError } from "../../../../errors.js";
import { redactUrl } from "../../../../http/urls.js";

export interface FailureContext {
  /** What ran, for the message: `pip`, `pip-compile`, `uv`. */
  tool: string;
  /** The layer's `.in`, as the user knows it. */
  inFile: string;
  indexUrls: readonly string[];
  /** Temporary copy → project path, so messages name the user's files. */
  renames?: readonly (readonly [string, string])[];
}

/** How many of the last meaningful output lines a message keeps. */
const KEPT_LINES = 12;

/** Where pip (`ERROR:`, its conflict explanation) and uv (`error:`, `×`) start to explain. */
const FIRST_WORDS = /^(ERROR:|The conflict is caused by:|error:|\s*×)/;

/** Output lines that say nothing about what went wrong. */
const NOISE = [
  /^WARNING: Retrying/,
  /^\[notice\]/,
  /^DEPRECATION:/,
  /^To fix this you could try to:/,
  /^\d+\. (loosen|remove) /,
  /for help visit https:\/\/pip\.pypa\.io/,
];

const CAUSES: [RegExp, ErrorCode, (context: FailureContext) => string][] = [
  [
    /Max retries exceeded|NewConnectionError|Failed to establish|Connection refused|Name or service not known|Read timed out/,
    "NETWORK",
    () => "check the index URL and that it can be reached",
  ],
  [
    /No matching distribution|Could not find a version|No solution found|not found in the package registry/i,
    "NOT_FOUND",
    () => "check the package name and version range, and that the index serves that release",
  ],
  [
    /conflict|ResolutionImpossible|unsatisfiable/i,
    "USAGE",
    (context) => `loosen a version range in ${context.inFile} or in the files it constrains on`,
  ],
];

/**
 * The error for a resolver that exited non-zero: its last meaningful output lines (temporary
 * paths named back, index credentials redacted) and the index it used.
 */
export function toolFailure(context: FailureContext, output: string): LockkeeperError {
  let text = output;
  for (const [copy, original] of context.renames ?? []) text = text.split(copy).join(original);
  for (const url of context.indexUrls) text = text.split(url).join(redactUrl(url));
  const all = text.split(/\r?\n/).map((line) => line.trimEnd());
  // Progress (`Collecting …`, `Downloading …`) comes before the first line about the failure.
  const start = all.findIndex((line) => FIRST_WORDS.test(line));
  const lines = all
    .slice(Math.max(start, 0))
    .filter((line) => line.trim() !== "" && !NOISE.some((noise) => noise.test(line.trim())))
    .slice(-KEPT_LINES);
  const cause = CAUSES.find(([pattern]) => pattern.test(text));
  const index = context.indexUrls.map(redactUrl).join(", ");
  const detail = lines.length > 0 ? `:\n  ${lines.join("\n  ")}` : " (it printed nothing)";
  return new LockkeeperError(
    cause?.[1] ?? "USAGE",
    `${context.tool} could not compile ${context.inFile} against ${index}${detail}`,
    { hint: cause?.[2](context) ?? `run ${context.tool} by hand to see the whole output` },
  );
}
