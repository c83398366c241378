// Keeps the change log from growing forever. Every replica prunes on an interval; the delete is idempotent and
// an advisory lock lets one replica at a time do it. Entries go once older than the retention, except those a
// connected connector has not applied yet (its last acknowledged sequence, written with each heartbeat) — but
// never kept past four retentions, so one stuck connector cannot hold the log forever. A connector behind the
// pruned point gets a fresh snapshot (ChangeFeed), on connect or mid-stream, so it never misses a change.
// The proxy audit (every request through a connector) is pruned on the same interval, by age alone.
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { LOGGER, type Logger } from '../common/logger.js';
import { Periodic } from '../common/periodic.js';
import { SERVER_CONFIG, type ServerConfig } from '../config/config.js';
import { LogBoundsRepository } from './log-bounds.repository.js';
import { ProxyAuditRepository } from './proxy-audit.repository.js';

/** How many retentions a connected connector's unapplied entries may hold the log. */
const NEEDED_RETENTIONS = 4;

@Injectable()
export class ChangeLogPruner implements OnModuleInit, OnModuleDestroy {
  private readonly periodic: Periodic;

  constructor(
    private readonly bounds: LogBoundsRepository,
    private readonly proxyAudit: ProxyAuditRepository,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {
    this.periodic = new Periodic(config.changeLogPruneSeconds * 1000, () => this.round());
  }

  /** Prunes once; undefined when another replica was pruning at the same moment. */
  prune(): Promise<{ deleted: number; prunedThrough: number } | undefined> {
    const now = this.clock.now().getTime();
    const retentionMs = this.config.changeLogRetentionSeconds * 1000;
    return this.bounds.prune({
      before: new Date(now - retentionMs),
      regardlessBefore: new Date(now - NEEDED_RETENTIONS * retentionMs),
      nowMs: now,
    });
  }

  /** Deletes proxy audit events older than their retention; undefined when another replica was at it. */
  pruneProxyAudit(): Promise<number | undefined> {
    return this.proxyAudit.prune(new Date(this.clock.now().getTime() - this.config.proxyAuditRetentionSeconds * 1000));
  }

  onModuleInit(): void {
    this.periodic.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.periodic.stop();
  }

  private round(): Promise<unknown> {
    const log = this.prune().then(
      (result) => result?.deleted && this.logger.info({ ...result }, 'pruned the change log'),
      (e: Error) => this.logger.warn({ err: e, context: 'ChangeLogPruner' }, 'could not prune the change log'),
    );
    return log
      .then(() => this.pruneProxyAudit())
      .then(
        (deleted) => deleted && this.logger.info({ deleted }, 'pruned the proxy audit'),
        (e: Error) => this.logger.warn({ err: e, context: 'ChangeLogPruner' }, 'could not prune the proxy audit'),
      );
  }
}
