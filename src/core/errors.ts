import { printable } from "./files/printable.js";

/**
 * The one error class of Lockkeeper. `code` is stable (scripts and the server match on it);
 * `message` is written for the user. The CLI maps codes to exit codes, the server to HTTP statuses.
 */
export type ErrorCode =
  | "USAGE" // bad flags or arguments
  | "NOT_FOUND" // a file, directory or package that does not exist
  | "UNKNOWN_FORMAT" // a file whose format Lockkeeper does not recognise
  | "PARSE" // a recognised format that is truncated or corrupt
  | "UNREADABLE" // a path that is not a regular file (a FIFO, a device), or a file above the size limit
  | "CONFIG" // an invalid lockkeeper.yaml
  | "NO_LOCKFILE" // a directory with no lockfile to read
  | "DB_MISSING" // advisory database not present
  | "DB_STALE" // advisory database older than allowed
  | "GIT" // a git command failed (not a repository, unknown revision)
  | "NETWORK" // a registry or server could not be reached
  | "INTEGRITY" // downloaded content that does not match its published digest
  | "CANCELLED"; // the caller cancelled the work (Ctrl-C, a server job stopped)

export interface ErrorLocation {
  file?: string;
  line?: number;
}

export class LockkeeperError extends Error {
  override readonly name = "LockkeeperError";
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly hint: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: ErrorLocation & { hint?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.file = options.file;
    this.line = options.line;
    this.hint = options.hint;
  }

  /**
   * "file:line: message" — the form editors and CI logs turn into links. Control characters (a
   * binary file's bytes quoted by a parser, a hostile file name) are shown escaped.
   */
  describe(): string {
    const where = this.file ? `${this.file}${this.line ? `:${this.line}` : ""}: ` : "";
    return printable(`${where}${this.message}${this.hint ? `\n  hint: ${this.hint}` : ""}`);
  }
}

export function isLockkeeperError(error: unknown): error is LockkeeperError {
  return error instanceof LockkeeperError;
}

/** Shorthand for a parse failure at a place in a file. */
export function parseError(file: string, message: string, line?: number, cause?: unknown): LockkeeperError {
  return new LockkeeperError("PARSE", message, { file, line, cause });
}
