import { UsageError } from "../system/errors.js";
import type { Change } from "./changes.js";

/** An output format: shell code to eval, or data for another tool. */
export interface Format {
  /** True for code a shell evaluates; such output is refused on a terminal. */
  shell: boolean;
  /** One line for `--help`. */
  description: string;
  /** Whether its output can remove a variable: `--unset`, which only removes, is refused if not. */
  removes: boolean;
  /**
   * Whether its output can point AWS_PROFILE at a profile, as `--write-profile` prints; not
   * when it is the keys themselves (the credential_process answer, GitHub's masked keys).
   */
  pointsAtProfile: boolean;
  /**
   * Why this format cannot carry `changes` (one line), or undefined: a value it has no way to
   * write, a variable it cannot remove, a file it needs. Asked before any call, with the values
   * known then, so a refusal costs no session; `render` asks again with the session's own.
   */
  refuse?(changes: readonly Change[], side?: SideEffects): string | undefined;
  /** The full stdout text, ending in a newline; throws the refusal as a UsageError. */
  render(changes: readonly Change[], side?: SideEffects): string;
}

/** What the `github` format writes besides stdout. */
export interface SideEffects {
  /** $GITHUB_ENV, the file the runner reads variables from after the step. */
  githubEnv?: string;
  appendFile: (path: string, text: string) => void;
  randomId: () => string;
}

/** A format's refusal (`refuse`), if any, thrown as a usage error: exit 2. */
export function throwRefusal(reason: string | undefined): void {
  if (reason !== undefined) throw new UsageError(reason);
}

/** One line per change, each ended by `eol`. */
export function renderLines(changes: readonly Change[], line: (change: Change) => string, eol = "\n"): string {
  return changes.map((change) => line(change) + eol).join("");
}
