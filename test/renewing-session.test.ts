import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SessionCredentials } from "../src/credentials/caller.js";
import { RenewingSession, renewalTime } from "../src/credentials/renewing-session.js";

const T0 = Date.parse("2026-01-01T00:00:00Z");
const MIN = 60_000;
const session = (id: string, expiresIn: number): SessionCredentials & { expiration: Date } => ({
  accessKeyId: id,
  secretAccessKey: "secret",
  sessionToken: "token",
  expiration: new Date(Date.now() + expiresIn),
});

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

describe("renewalTime", () => {
  it.each([
    [60 * MIN, 45 * MIN], // an hour's session: 15 minutes ahead, as botocore's advisory refresh
    [12 * 60 * MIN, 12 * 60 * MIN - 15 * MIN],
    [15 * MIN, 7.5 * MIN], // the shortest role session: half-way, not on every request
    [20_000, 10_000],
    [-5_000, -5_000], // already expired: now
  ])("a session with %i ms left is renewed %i ms from now", (left, at) => {
    expect(renewalTime(new Date(T0 + left), new Date(T0)) - T0).toBe(at);
  });
});

describe("RenewingSession", () => {
  const make = (renew: () => Promise<SessionCredentials>) => {
    const said: string[] = [];
    const held = new RenewingSession(
      session("first", 20_000),
      renew,
      () => new Date(),
      (message) => said.push(message),
      (error) => (error as Error).message,
    );
    return { held, said };
  };

  it("renews on its timer, once, and serves the new keys", async () => {
    const renew = vi.fn(async () => session("second", 20_000));
    const { held } = make(renew);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(renew).not.toHaveBeenCalled();
    expect((await held.credentials()).accessKeyId).toBe("first");
    await vi.advanceTimersByTimeAsync(1);
    expect(renew).toHaveBeenCalledTimes(1);
    expect((await held.credentials()).accessKeyId).toBe("second");
    await vi.advanceTimersByTimeAsync(9_999);
    expect(renew).toHaveBeenCalledTimes(1);
    held.stop();
  });

  it("serves the current keys while a renewal is slow; once they expire, a request waits for it under a second, then gets an error", async () => {
    let finish: (s: SessionCredentials) => void = () => {};
    const renew = vi.fn(() => new Promise<SessionCredentials>((resolve) => (finish = resolve)));
    const { held } = make(renew);
    await vi.advanceTimersByTimeAsync(15_000);
    expect((await held.credentials()).accessKeyId).toBe("first");
    await vi.advanceTimersByTimeAsync(5_000);
    // The SDKs give up on the endpoint after 1 s (JS) or 2 s (botocore): an answer comes sooner.
    const waiting = held.credentials().then(
      (c) => c.accessKeyId,
      (e: Error) => e.message,
    );
    await vi.advanceTimersByTimeAsync(800);
    expect(await waiting).toMatch(/^the session expired and its renewal is still under way/);
    // A renewal that ends within the wait is served at once.
    const again = held.credentials();
    await vi.advanceTimersByTimeAsync(100);
    finish(session("second", 20_000));
    expect((await again).accessKeyId).toBe("second");
    expect(renew).toHaveBeenCalledTimes(1);
    held.stop();
  });

  it("after a failure: the old keys until they expire, then the error; says it once; tries again 10 s later", async () => {
    const renew = vi.fn(async (): Promise<SessionCredentials> => {
      throw new Error("needs an MFA code");
    });
    const { held, said } = make(renew);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(said).toEqual(["needs an MFA code"]);
    // A request does not start another try within the 10 s.
    expect((await held.credentials()).accessKeyId).toBe("first");
    expect(renew).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(renew).toHaveBeenCalledTimes(2);
    expect(said).toHaveLength(1);
    await expect(held.credentials()).rejects.toThrow("needs an MFA code");
    renew.mockResolvedValueOnce(session("second", 20_000));
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await held.credentials()).accessKeyId).toBe("second");
    held.stop();
  });

  it("a session that ends past a timer's longest delay (2^31-1 ms, 24.8 days) is renewed when due, not at once", async () => {
    const DAY = 24 * 60 * MIN;
    const renew = vi.fn(async () => session("second", 100 * DAY));
    const held = new RenewingSession(
      session("first", 100 * DAY),
      renew,
      () => new Date(),
      () => {},
      (error) => (error as Error).message,
    );
    await vi.advanceTimersByTimeAsync(1_000);
    expect(renew).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(100 * DAY - 15 * MIN - 1_001);
    expect(renew).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(renew).toHaveBeenCalledTimes(1);
    expect((await held.credentials()).accessKeyId).toBe("second");
    held.stop();
  });

  it("a request past the renewal time starts it when the timer is late (after sleep)", async () => {
    const renew = vi.fn(async () => session("second", 20_000));
    const { held } = make(renew);
    held.stop(); // no timer: only the request can start it
    vi.setSystemTime(T0 + 25_000);
    expect((await held.credentials()).accessKeyId).toBe("second");
    expect(renew).toHaveBeenCalledTimes(1);
  });
});
