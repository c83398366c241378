// Time is injected so that expiry, backoff and heartbeats can be tested without waiting.
export interface Clock {
  now(): number; // milliseconds since the epoch
}

export const systemClock: Clock = { now: () => Date.now() };
