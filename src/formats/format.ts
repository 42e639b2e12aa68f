import type { Change } from "./changes.js";

/** An output format: shell code to eval, or data for another tool. */
export interface Format {
  /** True for code a shell evaluates; such output is refused on a terminal. */
  shell: boolean;
  /** One line for `--help`. */
  description: string;
  /** The full stdout text, ending in a newline. */
  render(changes: readonly Change[], side?: SideEffects): string;
}

/** What the `github` format writes besides stdout. */
export interface SideEffects {
  /** $GITHUB_ENV, the file the runner reads variables from after the step. */
  githubEnv?: string;
  appendFile: (path: string, text: string) => void;
  randomId: () => string;
}

/** One line per change, each ended by `eol`. */
export function renderLines(changes: readonly Change[], line: (change: Change) => string, eol = "\n"): string {
  return changes.map((change) => line(change) + eol).join("");
}
