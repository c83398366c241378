// Which part of the change log a connector can still resume from, and the pruning that moves it.
// Pruning deletes a prefix of the log, keeping revocations still in force (snapshots read them from the log)
// and always the newest entry (so the log's head stays known), and records in change_log_pruned how far it
// went: a connector or feed whose cursor is behind that point may have missed entries and needs a snapshot.
import { Injectable } from '@nestjs/common';
import { Database, type Tx } from '../db/database.js';
import { Repository } from '../db/repository.js';

const PRUNE_LOCK = 7_311_993; // arbitrary key for pg_try_advisory_xact_lock; the log's append lock is 7_311_992

export interface PruneRule {
  /** Entries older than this may go, unless a connected connector has not applied them yet. */
  before: Date;
  /** Entries older than this go even then (a connector that far behind gets a snapshot). */
  regardlessBefore: Date;
  /** Revocations in force at this instant stay. */
  nowMs: number;
}

@Injectable()
export class LogBoundsRepository extends Repository {
  constructor(db: Database) {
    super(db);
  }

  /** Every entry up to `prunedThrough` is gone (but live revocations); `newest` is the log's head (0 when empty). */
  async logBounds(): Promise<{ prunedThrough: number; newest: number }> {
    const [row] = (await this.em().query(
      'SELECT (SELECT through FROM change_log_pruned) AS pruned, COALESCE((SELECT MAX(sequence) FROM changes), 0) AS newest',
    )) as { pruned: string | null; newest: string }[];
    return { prunedThrough: Number(row?.pruned ?? 0), newest: Number(row?.newest ?? 0) };
  }

  async prunedThrough(tx?: Tx): Promise<number> {
    const [row] = (await this.em(tx).query('SELECT through FROM change_log_pruned')) as { through: string }[];
    return Number(row?.through ?? 0);
  }

  /**
   * Deletes old entries; returns how many and the new pruned point, or undefined when another replica is
   * pruning right now (it does the same work; one at a time keeps the pruned point exact).
   */
  prune(rule: PruneRule): Promise<{ deleted: number; prunedThrough: number } | undefined> {
    return this.db.transaction(async (tx) => {
      const [lock] = (await tx.manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [PRUNE_LOCK])) as {
        locked: boolean;
      }[];
      if (!lock?.locked) return undefined;
      const [target] = (await tx.manager.query(
        `WITH head AS (SELECT MAX(sequence) AS newest FROM changes),
              needed AS (SELECT MIN(applied_sequence) AS applied FROM destinations WHERE connected AND applied_sequence > 0)
         SELECT COALESCE(MAX(c.sequence), 0) AS through
           FROM changes c, head, needed
          WHERE c.sequence < head.newest
            AND ((c.at < $1 AND (needed.applied IS NULL OR c.sequence <= needed.applied)) OR c.at < $2)`,
        [rule.before, rule.regardlessBefore],
      )) as { through: string }[];
      const through = Number(target?.through ?? 0);
      const current = await this.prunedThrough(tx);
      if (through <= current) return { deleted: 0, prunedThrough: current };
      const [gone] = (await tx.manager.query(
        `WITH gone AS (
           DELETE FROM changes
            WHERE sequence <= $1 AND NOT (kind = 'revocation' AND (payload->>'untilMs')::bigint > $2)
           RETURNING 1)
         SELECT COUNT(*) AS n FROM gone`,
        [through, rule.nowMs],
      )) as { n: string }[];
      await tx.manager.query('UPDATE change_log_pruned SET through = $1', [through]);
      return { deleted: Number(gone?.n ?? 0), prunedThrough: through };
    });
  }
}
