// The ordered change log that feeds connectors. Entries are appended inside the transaction that makes
// the change; a transaction-scoped advisory lock serialises appenders so sequences commit in order and a
// reader that resumes from sequence N never skips an entry that commits later with a smaller number.
// After commit, subscribers are told the newest sequence: in-process directly, across replicas through
// Postgres NOTIFY (LISTEN on a dedicated connection). They then read since() from where they are.
import { EventEmitter } from 'node:events';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import { Clock } from '../../common/clock.js';
import { LOGGER, type Logger } from '../../common/logger.js';
import { Database, type Tx } from '../../db/database.js';
import { ChangeEntity } from './change.entity.js';
import type { Change, ChangeRecord } from './change.types.js';

export const CHANGES_CHANNEL = 'infra_changes';
const APPEND_LOCK = 7_311_992; // arbitrary constant key for pg_advisory_xact_lock

@Injectable()
export class ChangesService implements OnModuleInit, OnModuleDestroy {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private listener: pg.Client | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Appends an entry in the caller's transaction; returns its sequence. */
  async append(tx: Tx, change: Change, destination: string | null = null): Promise<number> {
    await tx.manager.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
    const result = await tx.manager.insert(ChangeEntity, {
      kind: change.kind,
      destination,
      payload: change.payload,
      at: this.clock.now(),
    });
    const sequence = Number((result.identifiers[0] as { sequence: string }).sequence);
    // NOTIFY inside a transaction is delivered only on commit (the embedded database has one replica).
    if (!this.db.isEmbedded) await tx.manager.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, String(sequence)]);
    tx.afterCommit(() => this.emitter.emit('sequence', sequence));
    return sequence;
  }

  /** Entries after `sequence`, oldest first; pass a destination to skip other destinations' grants. */
  async since(sequence: number, opts: { destination?: string; limit?: number } = {}): Promise<ChangeRecord[]> {
    const qb = this.db.manager
      .createQueryBuilder(ChangeEntity, 'c')
      .where('c.sequence > :sequence', { sequence })
      .orderBy('c.sequence', 'ASC')
      .take(opts.limit ?? 1000);
    if (opts.destination) qb.andWhere('(c.destination IS NULL OR c.destination = :d)', { d: opts.destination });
    const rows = await qb.getMany();
    return rows.map(
      (r) =>
        ({
          sequence: Number(r.sequence),
          kind: r.kind,
          destination: r.destination,
          payload: r.payload,
          at: r.at,
        }) as ChangeRecord,
    );
  }

  async latestSequence(): Promise<number> {
    const [row] = (await this.db.manager.query('SELECT COALESCE(MAX(sequence), 0) AS s FROM changes')) as {
      s: string;
    }[];
    return Number(row?.s ?? 0);
  }

  /**
   * Calls `listener(sequence)` whenever entries up to `sequence` are committed (by this or another
   * replica). Calls may repeat or arrive out of order: treat them as a hint and read since().
   * Returns the function that unsubscribes.
   */
  subscribe(listener: (sequence: number) => void): () => void {
    this.emitter.on('sequence', listener);
    return () => this.emitter.off('sequence', listener);
  }

  async onModuleInit(): Promise<void> {
    if (!this.db.isEmbedded) await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.listener?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.db.url });
    client.on('notification', (n) => {
      const sequence = Number(n.payload);
      if (Number.isFinite(sequence)) this.emitter.emit('sequence', sequence);
    });
    client.on('error', (e) => {
      this.logger.warn({ err: e, context: 'ChangesService' }, 'change listener lost its connection');
      this.reconnect();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
      this.listener = client;
    } catch (e) {
      this.logger.warn({ err: e, context: 'ChangesService' }, 'change listener could not connect');
      await client.end().catch(() => undefined);
      this.reconnect();
    }
  }

  private reconnect(): void {
    if (this.stopped || this.retry) return;
    this.listener = undefined;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (!this.stopped) void this.listen();
    }, 1000);
  }
}
