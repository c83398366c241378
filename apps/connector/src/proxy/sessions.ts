// Every request and stream in flight, with the caller it was let through for. When grants, groups or revocations
// change, each is checked again and those no longer allowed are closed at once: open watches, exec and port-forward
// sessions included, since Kubernetes itself never re-authorises a running stream. Each is also closed at its
// token's expiry (kubectl's exec plugin fetches a new token for the next request).
import type { Caller } from './access.js';
import type { Clock } from '../clock.js';
import type { ProxyError } from './kube-status.js';

export interface Session {
  caller: Caller;
  /** `reason`: closed because the caller lost access, and why (not because the proxy shuts down). */
  close(reason?: ProxyError): void;
}

/** setTimeout's longest delay (about 24.8 days); a later expiry is re-armed when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class Sessions {
  private readonly open = new Map<Session, NodeJS.Timeout | undefined>();

  constructor(private readonly clock: Clock) {}

  /**
   * Registers a session; the returned function unregisters it (call it when the request ends). `expired` is asked
   * at the caller's token expiry for the reason to close it with.
   */
  add(session: Session, expired: (caller: Caller) => ProxyError | undefined): () => void {
    this.open.set(session, this.expiryTimer(session, expired));
    return () => this.remove(session);
  }

  get size(): number {
    return this.open.size;
  }

  /** Closes every session for which `withdrawal` gives a reason; returns how many were closed. */
  revalidate(withdrawal: (caller: Caller) => ProxyError | undefined): number {
    let closed = 0;
    for (const s of [...this.open.keys()]) {
      const reason = withdrawal(s.caller);
      if (!reason) continue;
      this.remove(s);
      s.close(reason);
      closed++;
    }
    return closed;
  }

  closeAll(): void {
    for (const s of [...this.open.keys()]) {
      this.remove(s);
      s.close();
    }
  }

  private remove(s: Session): void {
    clearTimeout(this.open.get(s));
    this.open.delete(s);
  }

  private expiryTimer(s: Session, expired: (caller: Caller) => ProxyError | undefined): NodeJS.Timeout {
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, s.caller.expiresAtMs - this.clock.now()));
    const timer = setTimeout(() => {
      if (!this.open.has(s)) return;
      const reason = expired(s.caller);
      if (reason) {
        this.remove(s);
        s.close(reason);
      } else {
        this.open.set(s, this.expiryTimer(s, expired)); // not yet (a token longer than one timer, or an early wake)
      }
    }, delay);
    timer.unref();
    return timer;
  }
}
