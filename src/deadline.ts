import { CallError, shown, UsageError } from "./errors.js";

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
  ) {
    this.remaining = ms;
  }

  /** From AWSROLE_TIMEOUT: seconds, or a length such as 30s or 2m. */
  static fromEnv(text: string | undefined): Deadline {
    if (text === undefined || text === "") return new Deadline(10_000);
    const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
    const ms = m ? Number(m[1]) * (m[2] === "ms" ? 1 : m[2] === "m" ? 60_000 : 1000) : Number.NaN;
    if (!(ms >= 100 && ms <= 600_000)) {
      throw new UsageError(`AWSROLE_TIMEOUT ${shown(text)} is not valid: give seconds (0.1-600), e.g. 10 or 30s.`);
    }
    return new Deadline(ms);
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
    try {
      return await Promise.race([call(controller.signal), expired]);
    } finally {
      clearTimeout(timer);
      this.remaining -= this.clock() - started;
    }
  }
}
