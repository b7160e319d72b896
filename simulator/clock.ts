/**
 * The simulator's time, in epoch milliseconds. Tests pass their own to move time at will (token
 * lifetimes, the X-Sdk-Date window, AK/SK lockouts) without waiting.
 *
 * @example
 * let now = Date.parse('2026-01-04T09:00:00Z');
 * const sim = await startSimulator({ clock: () => now });
 * now += 5 * 60_000;
 */
export type Clock = () => number;

/**
 * The wall clock, the default.
 *
 * @example
 * const store = new TokenStore(3600_000, systemClock);
 */
export const systemClock: Clock = () => Date.now();
