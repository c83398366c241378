// Gathers the parts of a snapshot (Snapshot in proto/infra/connector/v1/connector.proto) until the last one is
// in, so that the state is replaced at once and only by a whole snapshot. One per stream: a stream that breaks
// mid-snapshot takes the parts with it, and the state stays as it was. Shared by the connector and the server's
// test connector, so both read parts by the same rule the server's sender follows.
import type { Snapshot__Output as Snapshot } from './generated/infra/connector/v1/Snapshot.js';

/** The lists a snapshot is made of, in the order the server fills its parts. */
export const SNAPSHOT_LISTS = ['signingKeys', 'revocations', 'groups', 'users', 'grants'] as const;

/** The server broke the snapshot protocol; the stream cannot be trusted any further. */
export class OutOfOrderError extends Error {}

export class SnapshotAssembly {
  private pending: Snapshot | undefined;

  /** True while a snapshot is partly received: only its next part may come (or heartbeats). */
  get inProgress(): boolean {
    return this.pending !== undefined;
  }

  /** Adds the next part; returns the whole snapshot once its last part is in. Throws on a part out of order. */
  add(part: Snapshot): Snapshot | undefined {
    const pending = this.pending;
    const expected = pending ? pending.part + 1 : 0;
    if (part.part !== expected || (pending && Number(part.sequence) !== Number(pending.sequence))) {
      this.pending = undefined;
      throw new OutOfOrderError(
        `snapshot part ${part.part} of sequence ${part.sequence} arrived out of order: expected part ${expected}` +
          (pending ? ` of sequence ${pending.sequence}` : ''),
      );
    }
    if (pending) {
      for (const list of SNAPSHOT_LISTS) (pending[list] as unknown[]).push(...part[list]);
      pending.part = part.part;
    } else {
      this.pending = { ...part };
      for (const list of SNAPSHOT_LISTS) (this.pending[list] as unknown[]) = [...part[list]];
    }
    if (part.more) return undefined;
    const whole = this.pending!;
    this.pending = undefined;
    return { ...whole, more: false };
  }

  /** A change may only come between whole snapshots. */
  checkChangeAllowed(sequence: number): void {
    if (!this.pending) return;
    const pending = this.pending;
    this.pending = undefined;
    throw new OutOfOrderError(
      `change ${sequence} arrived before the last part of snapshot ${pending.sequence} (part ${pending.part} so far)`,
    );
  }
}
