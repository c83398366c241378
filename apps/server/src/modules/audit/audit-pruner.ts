// Keeps the admin audit log for INFRA_AUDIT_RETENTION. Every replica prunes on the change log's interval
// (INFRA_CHANGE_LOG_PRUNE_INTERVAL); the delete is idempotent and an advisory lock lets one replica at a time do it.
// An event exactly `retention` old is kept: the cutoff is exclusive, like `until` on the audit queries.
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { LOGGER, type Logger } from '../../common/logger.js';
import { Periodic } from '../../common/periodic.js';
import { SERVER_CONFIG, type ServerConfig } from '../../config/config.js';
import { Database } from '../../db/database.js';

const PRUNE_LOCK = 7_311_995; // arbitrary key for pg_try_advisory_xact_lock (the change log's are 7_311_992/3, the proxy audit's 7_311_994)

@Injectable()
export class AuditPruner implements OnModuleInit, OnModuleDestroy {
  private readonly periodic: Periodic;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {
    this.periodic = new Periodic(config.changeLogPruneSeconds * 1000, () => this.round());
  }

  /** Deletes events older than the retention; undefined when another replica was doing it at the same moment. */
  prune(): Promise<number | undefined> {
    const before = new Date(this.clock.now().getTime() - this.config.auditRetentionSeconds * 1000);
    return this.db.transaction(async (tx) => {
      const [lock] = (await tx.manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [PRUNE_LOCK])) as {
        locked: boolean;
      }[];
      if (!lock?.locked) return undefined;
      const [gone] = (await tx.manager.query(
        'WITH gone AS (DELETE FROM audit WHERE at < $1 RETURNING 1) SELECT COUNT(*) AS n FROM gone',
        [before],
      )) as { n: string }[];
      return Number(gone?.n ?? 0);
    });
  }

  onModuleInit(): void {
    this.periodic.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.periodic.stop();
  }

  private round(): Promise<unknown> {
    return this.prune().then(
      (deleted) => deleted && this.logger.info({ deleted }, 'pruned the audit log'),
      (e: Error) => this.logger.warn({ err: e, context: 'AuditPruner' }, 'could not prune the audit log'),
    );
  }
}
