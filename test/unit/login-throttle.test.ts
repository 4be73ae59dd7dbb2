import {
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_ADDRESS,
  MAX_FAILURES_PER_DEVICE,
  THROTTLE_WINDOW_MS,
  lockedUntil,
  minutesUntilRetry,
} from "~/lib/login-throttle";

describe("login throttle", () => {
  const now = new Date("2024-08-05T12:00:00Z");
  const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

  it("uses a 15-minute window, 5 failures per account and 30 per address", () => {
    expect(THROTTLE_WINDOW_MS).toBe(15 * 60_000);
    expect(MAX_FAILURES_PER_ACCOUNT).toBe(5);
    expect(MAX_FAILURES_PER_ADDRESS).toBe(30);
  });

  it("waits the whole window when the oldest failure happened just now", () => {
    expect(minutesUntilRetry(now, now)).toBe(15);
  });

  it("counts down from the oldest failure in the window", () => {
    expect(minutesUntilRetry(minutesAgo(5), now)).toBe(10);
    expect(minutesUntilRetry(minutesAgo(14), now)).toBe(1);
  });

  it("rounds a part of a minute up, so the user is never told to retry too early", () => {
    // 15 min - 4 min 30 s = 10 min 30 s: retry in 11 minutes.
    expect(minutesUntilRetry(minutesAgo(4.5), now)).toBe(11);
    // 1 second left still means "1 minute".
    expect(minutesUntilRetry(new Date(now.getTime() - THROTTLE_WINDOW_MS + 1000), now)).toBe(1);
  });

  it("never says 0 minutes, even when the failure has already left the window", () => {
    expect(minutesUntilRetry(minutesAgo(15), now)).toBe(1);
    expect(minutesUntilRetry(minutesAgo(60), now)).toBe(1);
  });

  it("honours another window length", () => {
    expect(minutesUntilRetry(minutesAgo(10), now, 60 * 60_000)).toBe(50);
  });

  it("allows a known browser as many guesses per device as an unknown one gets per account", () => {
    expect(MAX_FAILURES_PER_DEVICE).toBe(5);
  });

  it("says when the account-wide lock lifts: the oldest failure plus the window", () => {
    // 5 failures, the first 4 minutes ago: locked until 11 minutes from now.
    expect(lockedUntil(5, minutesAgo(4), now)).toEqual(new Date("2024-08-05T12:11:00Z"));
    expect(lockedUntil(7, minutesAgo(14), now)).toEqual(new Date("2024-08-05T12:01:00Z"));
  });

  it("says there is no lock below the limit, or once the window has passed", () => {
    expect(lockedUntil(4, minutesAgo(1), now)).toBeNull();
    expect(lockedUntil(0, undefined, now)).toBeNull();
    expect(lockedUntil(5, minutesAgo(15), now)).toBeNull();
  });
});
