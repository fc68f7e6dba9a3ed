import type { CliIo } from "./io.js";

/**
 * How standard output may be drawn: in colour, and fitted to a width. Decided once per command
 * from the io (is stdout a terminal, how wide) and the environment, then passed to the renderers,
 * which never read `process.env` or the streams themselves. Golden files and pipes get `PLAIN`.
 */
export interface Terminal {
  color: boolean;
  /** Columns of the terminal: tables shrink their widest free-text column to fit. */
  width?: number;
}

export const PLAIN: Terminal = { color: false };

/**
 * `NO_COLOR` (non-empty) turns colour off (https://no-color.org); `FORCE_COLOR` turns it on,
 * except `FORCE_COLOR=0`, which turns it off; otherwise colour follows whether stdout is a
 * terminal. Tables are fitted only on a terminal: piped output keeps every cell whole.
 */
export function stdoutTerminal(io: Pick<CliIo, "env" | "stdoutIsTTY" | "columns">): Terminal {
  const tty = io.stdoutIsTTY === true;
  const force = io.env.FORCE_COLOR;
  const color = io.env.NO_COLOR ? false : force !== undefined && force !== "" ? force !== "0" : tty;
  return { color, ...(tty && io.columns && io.columns > 0 ? { width: io.columns } : {}) };
}

const CODES = { red: 31, yellow: 33, green: 32, bold: 1, dim: 2 } as const;
export type Paint = keyof typeof CODES;

/** `text` in one colour or weight when the terminal takes colour, else as it is. */
export function paint(terminal: Terminal, style: Paint | undefined, text: string): string {
  if (!terminal.color || !style || text === "") return text;
  return `\u001b[${CODES[style]}m${text}\u001b[0m`;
}

/** The colour of a severity: critical and high red, medium (moderate) yellow, low and unknown dim. */
export function severityPaint(level: string): Paint | undefined {
  switch (level.toLowerCase()) {
    case "critical":
    case "high":
      return "red";
    case "medium":
    case "moderate":
      return "yellow";
    case "low":
    case "unknown":
      return "dim";
    default:
      return undefined;
  }
}
