// Every request and stream in flight, with the caller it was let through for. When grants, groups or revocations
// change, each is checked again and those no longer allowed are closed at once: open watches, exec and port-forward
// sessions included, since Kubernetes itself never re-authorises a running stream.
import type { Caller } from './access.js';

export interface Session {
  caller: Caller;
  /** `withdrawn`: closed because the caller lost access (not because the proxy shuts down). */
  close(withdrawn?: boolean): void;
}

export class Sessions {
  private readonly open = new Set<Session>();

  /** Registers a session; the returned function unregisters it (call it when the request ends). */
  add(session: Session): () => void {
    this.open.add(session);
    return () => this.open.delete(session);
  }

  get size(): number {
    return this.open.size;
  }

  /** Closes every session whose caller fails `allowed`; returns how many were closed. */
  revalidate(allowed: (caller: Caller) => boolean): number {
    let closed = 0;
    for (const s of [...this.open]) {
      if (allowed(s.caller)) continue;
      this.open.delete(s);
      s.close(true);
      closed++;
    }
    return closed;
  }

  closeAll(): void {
    for (const s of [...this.open]) s.close();
    this.open.clear();
  }
}
