// Every Connect stream open on this replica. Also marks destinations disconnected whose replica died
// without saying so, and ends the streams when the server shuts down.
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { status } from '@grpc/grpc-js';
import { Gauge } from 'prom-client';
import { Clock } from '../common/clock.js';
import { LOGGER, type Logger } from '../common/logger.js';
import { SERVER_CONFIG, type ServerConfig } from '../config/config.js';
import { Metrics } from '../modules/health/metrics.js';
import { ChangeFeeds } from './change-feed.js';
import { ConnectorSession, failure, type ConnectCall } from './connector-session.js';
import { ConnectorsService } from './connectors.service.js';

const REGISTER_TIMEOUT_MS = 30_000;

@Injectable()
export class ConnectorStreams implements OnModuleInit, OnModuleDestroy {
  private readonly sessions = new Set<ConnectorSession>();
  private sweeper: NodeJS.Timeout | undefined;
  private nudger: NodeJS.Timeout | undefined;

  constructor(
    private readonly connectors: ConnectorsService,
    private readonly feeds: ChangeFeeds,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    metrics: Metrics,
  ) {
    const sessions = this.sessions;
    new Gauge({
      name: 'infra_connector_streams',
      help: 'connector streams open on this replica',
      registers: [metrics.registry],
      collect() {
        this.set(sessions.size);
      },
    });
  }

  connect(call: ConnectCall): void {
    const session = new ConnectorSession(call, {
      connectors: this.connectors,
      feeds: this.feeds,
      logger: this.logger,
      clock: this.clock,
      heartbeatMs: this.config.connectorHeartbeatSeconds * 1000,
      registerTimeoutMs: REGISTER_TIMEOUT_MS,
    });
    this.sessions.add(session);
    void session.run().finally(() => this.sessions.delete(session));
  }

  /** The destinations attached to this replica (for tests and diagnostics). */
  attached(): string[] {
    return [...this.sessions].flatMap((s) => (s.destination ? [s.destination] : []));
  }

  onModuleInit(): void {
    // Connectors heartbeat every few seconds; a destination silent for much longer lost its stream with
    // its replica. Every replica sweeps; the update is idempotent.
    const staleMs = Math.max(180_000, 6 * this.config.connectorHeartbeatSeconds * 1000);
    this.sweeper = setInterval(() => {
      this.connectors.disconnectSilent(new Date(this.clock.now().getTime() - staleMs)).then(
        (n) => n && this.logger.info({ count: n }, 'marked silent destinations disconnected'),
        (e: Error) => this.logger.warn({ err: e, context: 'ConnectorStreams' }, 'could not sweep silent destinations'),
      );
    }, staleMs / 3);
    this.sweeper.unref();
    // Changes arrive by hint, at once; this only bounds the lag when a hint was lost (one read per replica).
    this.nudger = setInterval(() => this.feeds.nudge(), this.config.connectorHeartbeatSeconds * 1000);
    this.nudger.unref();
  }

  /** Ends every stream (the connectors reconnect, maybe to another replica) and marks them disconnected. */
  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    clearInterval(this.nudger);
    const bye = failure(status.UNAVAILABLE, 'the server is shutting down; reconnect to another replica');
    await Promise.all([...this.sessions].map((s) => s.close(bye)));
  }

  onModuleDestroy(): Promise<void> {
    return this.closeAll();
  }
}
