// Password hashing behind a small queue: scrypt at OWASP strength takes 128 MiB and a thread-pool thread for a
// good fraction of a second, so a flood of guesses must wait its turn (or get 429), not stall the server.
// Injectable, so that specs can see which passwords were checked against what.
import { Inject, Injectable } from '@nestjs/common';
import { SERVER_CONFIG, type ServerConfig } from '../config/config.js';
import { TooManyRequestsError } from './errors.js';
import { hashPassword, needsRehash, verifyPassword } from './secrets.js';

@Injectable()
export class PasswordHasher {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** Checked when the user is unknown or has no password, so that both cost what a real check costs. */
  private dummy: Promise<string> | undefined;

  constructor(
    @Inject(SERVER_CONFIG) private readonly config: Pick<ServerConfig, 'passwordChecksAtOnce' | 'passwordChecksQueued'>,
  ) {}

  hash(password: string): Promise<string> {
    return this.queued(() => hashPassword(password));
  }

  /** Whether the password matches; `stored` null checks against a dummy hash and answers false. */
  async verify(password: string, stored: string | null): Promise<boolean> {
    this.dummy ??= hashPassword('not a password');
    const against = stored ?? (await this.dummy);
    const ok = await this.queued(() => this.verifyHash(password, against));
    return stored !== null && ok;
  }

  /** The scrypt comparison itself: every check goes through here, a known user's or not (specs spy on it). */
  verifyHash(password: string, stored: string): Promise<boolean> {
    return verifyPassword(password, stored);
  }

  /** True when `stored` was made with weaker parameters than today's: rehash it after a successful login. */
  needsRehash(stored: string): boolean {
    return needsRehash(stored);
  }

  private async queued<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.config.passwordChecksAtOnce) {
      if (this.waiting.length >= this.config.passwordChecksQueued) {
        throw new TooManyRequestsError('too many passwords are being checked right now; try again in a few seconds', 2);
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next waiter (running stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
