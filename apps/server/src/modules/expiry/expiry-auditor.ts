// Writes `grants.expired`, `sessions.expired` and `keys.expired` to the admin audit log: when access ended, not only
// when something was removed. Every replica sweeps on the change log's prune interval (INFRA_CHANGE_LOG_PRUNE_INTERVAL);
// each row is dated at the grant's or key's own end, not at the sweep, and is written in the transaction that marks
// its grant or key audited, so a restart, a second sweep or a second replica never writes it again.
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { LOGGER, type Logger } from '../../common/logger.js';
import { Periodic } from '../../common/periodic.js';
import { SERVER_CONFIG, type ServerConfig } from '../../config/config.js';
import { Database, type Tx } from '../../db/database.js';
import { GrantsService } from '../grants/grants.service.js';
import type { AccessKeyKind } from '../keys/access-key.entity.js';
import { KeysService } from '../keys/keys.service.js';

/** Ends audited per transaction: a backlog (the first sweep after an upgrade) commits in steps. */
const BATCH = 500;

/** How many ends a sweep audited: grants, and keys by kind (`sessions`, `keys`, `connectors`). */
export type SweepResult = { grants: number } & Record<`${AccessKeyKind}s`, number>;

@Injectable()
export class ExpiryAuditor implements OnModuleInit, OnModuleDestroy {
  private readonly periodic: Periodic;

  constructor(
    private readonly db: Database,
    private readonly grants: GrantsService,
    private readonly keys: KeysService,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVER_CONFIG) config: ServerConfig,
  ) {
    this.periodic = new Periodic(config.changeLogPruneSeconds * 1000, () => this.round());
  }

  /** Audits every grant and key (of any kind) that has ended by now and is not audited yet; how many of each. */
  async sweep(): Promise<SweepResult> {
    const now = this.clock.now();
    const ended: SweepResult = { grants: 0, sessions: 0, keys: 0, connectors: 0 };
    ended.grants = await this.drain((tx) => this.grants.auditExpired(tx, now, { limit: BATCH }));
    await this.drain(async (tx) => {
      const kinds = await this.keys.auditExpired(tx, now, { limit: BATCH });
      for (const kind of kinds) ended[`${kind}s`]++;
      return kinds.length;
    });
    return ended;
  }

  onModuleInit(): void {
    this.periodic.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.periodic.stop();
  }

  private async drain(batch: (tx: Tx) => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.db.transaction(batch);
      total += n;
      if (n < BATCH) return total;
    }
  }

  private round(): Promise<unknown> {
    return this.sweep().then(
      (ended) => Object.values(ended).some(Boolean) && this.logger.info(ended, 'audited expired grants and keys'),
      (e: Error) => this.logger.warn({ err: e, context: 'ExpiryAuditor' }, 'could not audit expired grants and keys'),
    );
  }
}
