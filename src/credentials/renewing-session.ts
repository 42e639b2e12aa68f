// The session `exec --server` serves, renewed ahead of its expiry while the command runs.

import { CallError } from "../system/errors.js";
import { MIN_REMAINING_MS } from "./cache.js";
import type { SessionCredentials } from "./caller.js";

/** After a failed renewal, the next try waits this long (a request cannot start one sooner). */
const RETRY_MS = 10_000;

/** setTimeout's longest delay (a signed 32-bit count of milliseconds). */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * The longest a request waits for a renewal under way once the keys have expired: the JS SDK
 * gives up on the endpoint after 1 s (fromHttp's timeout), botocore after 2 s; an answer that
 * says why is worth more to the user than a timeout.
 */
const WAIT_MS = 800;

/**
 * Renews at most this long before expiry (the cache's window: a renewal then finds no cached
 * session worth reusing, and botocore, which renews 15 minutes ahead, gets fresh keys when it
 * asks), but never before half-way through what was left when the session came: a 15-minute
 * session would otherwise be renewed on every request.
 */
export function renewalTime(expiration: Date, now: Date): number {
  const left = expiration.getTime() - now.getTime();
  return expiration.getTime() - Math.min(MIN_REMAINING_MS, Math.max(0, left / 2));
}

/**
 * Holds the current session; a timer renews it at renewalTime, and a request that finds the time
 * passed (the timer is late after a laptop's sleep) starts the renewal too. Requests get the
 * current keys while they are valid, even during a renewal; once they have expired, a request
 * waits for a renewal under way at most WAIT_MS, else gets why there are none. A failure is
 * reported once per distinct message, with the time the current keys expire.
 */
export class RenewingSession {
  private renewAt: number;
  private renewing: Promise<void> | undefined;
  private failure: { error: unknown; at: number } | undefined;
  private lastReported = "";
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private current: SessionCredentials & { expiration: Date },
    private readonly renew: () => Promise<SessionCredentials>,
    private readonly now: () => Date,
    /** One line on awsrole's stderr: why a renewal failed, and when the current keys expire. */
    private readonly say: (message: string, currentUntil: Date) => void,
    /** Why a renewal failed, as a message (secrets redacted). */
    private readonly describe: (error: unknown) => string,
  ) {
    this.renewAt = renewalTime(current.expiration, now());
    this.schedule(this.renewAt);
  }

  async credentials(): Promise<SessionCredentials> {
    const now = this.now().getTime();
    const mayTry = !this.failure || now - this.failure.at >= RETRY_MS;
    if (now >= this.renewAt && mayTry) this.start();
    if (now < this.current.expiration.getTime()) return this.current;
    if (this.renewing) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.renewing, new Promise((resolve) => (timer = setTimeout(resolve, WAIT_MS)))]);
      clearTimeout(timer);
    }
    if (this.now().getTime() < this.current.expiration.getTime()) return this.current;
    throw (
      this.failure?.error ??
      new CallError("the session expired and its renewal is still under way (STS is slow to answer). Try again.")
    );
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private start(): Promise<void> {
    this.renewing ??= this.renew()
      .then((session) => {
        if (!session.expiration) throw new Error("the renewed session has no expiry");
        this.current = { ...session, expiration: session.expiration };
        this.renewAt = renewalTime(session.expiration, this.now());
        this.failure = undefined;
        this.lastReported = "";
        this.schedule(this.renewAt);
      })
      .catch((error: unknown) => {
        this.failure = { error, at: this.now().getTime() };
        const message = this.describe(error);
        if (message !== this.lastReported) this.say(message, this.current.expiration);
        this.lastReported = message;
        this.schedule(this.now().getTime() + RETRY_MS);
      })
      .finally(() => {
        this.renewing = undefined;
      });
    return this.renewing;
  }

  private schedule(at: number): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    // A timer holds at most 2^31-1 ms (24.8 days), and Node fires a longer one at once, with a
    // warning; a credential_process may answer an expiry years away, so a far time is reached
    // in steps.
    const wait = Math.max(0, at - this.now().getTime());
    this.timer =
      wait > LONGEST_TIMER_MS
        ? setTimeout(() => this.schedule(at), LONGEST_TIMER_MS)
        : setTimeout(() => void this.start(), wait);
  }
}
