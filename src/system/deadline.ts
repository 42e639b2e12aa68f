import { CallError, cut, shown, UsageError } from "./errors.js";

/**
 * One budget for all the network calls of a run (STS, sign-in, a CI's token endpoint): 10 s
 * by default, AWSROLE_TIMEOUT to change it. Only time spent in calls counts — not the time a
 * person takes to type an MFA code. A call still running when the budget is spent is aborted
 * (its socket destroyed), whatever the endpoint does: refuse, reset, drop, stall or trickle.
 */
export class Deadline {
  private remaining: number;

  constructor(
    readonly ms: number,
    private readonly clock: () => number = Date.now,
    /** Told, once a call has taken a second and then each second, what it waits for; undefined: it ended. */
    private readonly onWait?: (waiting: string | undefined) => void,
  ) {
    this.remaining = ms;
  }

  /** From AWSROLE_TIMEOUT: seconds, or a length such as 30s or 2m. */
  static fromEnv(text: string | undefined, onWait?: (waiting: string | undefined) => void): Deadline {
    if (text === undefined || text === "") return new Deadline(10_000, Date.now, onWait);
    const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
    const ms = m ? Number(m[1]) * (m[2] === "ms" ? 1 : m[2] === "m" ? 60_000 : 1000) : Number.NaN;
    if (!(ms >= 100 && ms <= 600_000)) {
      throw new UsageError(`AWSROLE_TIMEOUT ${shown(text)} is not valid: give seconds (0.1-600), e.g. 10 or 30s.`);
    }
    return new Deadline(ms, Date.now, onWait);
  }

  /** Runs one call with the rest of the budget; `what` names the endpoint for the message. */
  async run<T>(what: string, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const started = this.clock();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => {
          const error = new CallError(
            `${what} did not answer within ${this.ms / 1000} s (AWSROLE_TIMEOUT). Check the network, or the endpoint variable if one is set.`,
          );
          controller.abort(error);
          reject(error);
        },
        Math.max(0, this.remaining),
      );
    });
    // A slow answer is not silence: after a second, say what awsrole waits for and for how long.
    let waited = 0;
    const ticker =
      this.onWait &&
      setInterval(() => {
        waited++;
        this.onWait?.(`waiting for ${what} (${waited}s; gives up after ${this.ms / 1000}s)`);
      }, 1000);
    try {
      return await Promise.race([call(controller.signal), expired]);
    } finally {
      clearInterval(ticker);
      if (waited > 0) this.onWait?.(undefined);
      clearTimeout(timer);
      this.remaining -= this.clock() - started;
    }
  }
}

/**
 * On a terminal, the deadline's "waiting for STS at … (3s; …)" as one line of stderr, redrawn in
 * place and erased when the answer comes; nothing when stderr is a file or a pipe (logs, CI).
 */
export function waitingLine(io: {
  stderrIsTTY: () => boolean;
  stderr: (text: string) => void;
  terminalWidth: number;
}): ((waiting: string | undefined) => void) | undefined {
  if (!io.stderrIsTTY()) return undefined;
  // Shorter than the terminal: a line that wraps could not be erased by going back to its start.
  const shortened = (line: string) => (line.length < io.terminalWidth ? line : cut(line, io.terminalWidth - 2));
  return (waiting) => io.stderr(waiting === undefined ? "\r\x1b[K" : `\r\x1b[K${shortened(`awsrole: ${waiting}`)}`);
}
