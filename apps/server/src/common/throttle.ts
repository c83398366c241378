// Throttling of the endpoints that take guesses or mint credentials: login (per client address and per name
// tried), key creation and tokens (per client address and per user). A fixed window per key, in memory, per
// replica: it bounds a guesser's rate without a round trip to the database. The clock is injected so that
// specs can move time.
import { Inject, Injectable } from '@nestjs/common';
import { SERVER_CONFIG, type ServerConfig } from '../config/config.js';
import type { Actor } from './actor.js';
import { Clock } from './clock.js';
import { TooManyRequestsError } from './errors.js';
import { canonicalUserName } from './names.js';

export type ThrottleScope = 'login' | 'credentials';

/** A window's key, its limit, and whose attempts it counts (for the 429's message). */
type Check = [key: string, limit: number, whose: string];

interface Window {
  startedMs: number;
  count: number;
}

/** Above this many windows, expired ones are swept (a flood of made-up names must not grow memory without bound). */
const SWEEP_ABOVE = 10_000;

@Injectable()
export class Throttle {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly clock: Clock,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  /**
   * Counts one attempt against the caller's address and the name (login: the name tried; otherwise the caller's);
   * throws 429 when either is over its limit. An attempt over the limit is not counted.
   */
  take(scope: ThrottleScope, actor: Actor, name?: unknown): void {
    const perName =
      typeof name === 'string' && name !== '' ? canonicalUserName(name.slice(0, 256)) : actor.caller?.name;
    const checks: Check[] = [[`${scope}|a|${actor.clientIp ?? ''}`, this.limits(scope)[0], 'from your address']];
    if (perName !== undefined) checks.push(this.nameCheck(scope, perName));
    this.count(scope, checks);
  }

  /**
   * Counts one attempt against a user name alone: a provider login, whose person is known only once the provider
   * has answered (the address was counted when the login began and when its code came back).
   */
  takeName(scope: ThrottleScope, name: string): void {
    this.count(scope, [this.nameCheck(scope, canonicalUserName(name.slice(0, 256)))]);
  }

  private limits(scope: ThrottleScope): [perAddress: number, perName: number] {
    return scope === 'login'
      ? [this.config.loginPerAddress, this.config.loginPerName]
      : [this.config.credentialsPerAddress, this.config.credentialsPerUser];
  }

  private nameCheck(scope: ThrottleScope, name: string): Check {
    return [`${scope}|n|${name}`, this.limits(scope)[1], `for ${JSON.stringify(name)}`];
  }

  private count(scope: ThrottleScope, checks: Check[]): void {
    const now = this.clock.now().getTime();
    const windowMs = this.config.throttleWindowSeconds * 1000;
    if (this.windows.size > SWEEP_ABOVE) this.sweep(now, windowMs);
    const current = checks.map(([key, limit, whose]) => {
      let w = this.windows.get(key);
      if (!w || now - w.startedMs >= windowMs) w = { startedMs: now, count: 0 };
      this.windows.set(key, w);
      return { w, limit, whose };
    });
    const over = current.find(({ w, limit }) => w.count >= limit);
    if (over) {
      const retryAfterSeconds = Math.max(1, Math.ceil((over.w.startedMs + windowMs - now) / 1000));
      const what = scope === 'login' ? 'login attempts' : 'key and token requests';
      throw new TooManyRequestsError(
        `too many ${what} ${over.whose}; try again in ${retryAfterSeconds} s`,
        retryAfterSeconds,
      );
    }
    for (const { w } of current) w.count++;
  }

  private sweep(now: number, windowMs: number): void {
    for (const [key, w] of this.windows) if (now - w.startedMs >= windowMs) this.windows.delete(key);
  }
}
