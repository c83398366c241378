// One Connect stream, from the first message to the end. The connector authenticates with metadata, sends
// Register first, then gets Registered, a snapshot (or nothing, when it can resume) and every later change;
// heartbeats go both ways. Incoming messages are handled one at a time, in order, with the stream paused
// meanwhile (HTTP/2 flow control pushes back on a connector that sends faster than we store).
import { once } from 'node:events';
import { status, type ServerDuplexStream, type ServiceError } from '@grpc/grpc-js';
import type { connector } from '@infra/proto';
import type { Caller } from '../common/actor.js';
import type { Clock } from '../common/clock.js';
import { BadRequestError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { ChangeRecord } from '../modules/changes/change.types.js';
import type { ChangeFeed, ChangeFeeds } from './change-feed.js';
import type { AttachedDestination, ConnectorsService } from './connectors.service.js';
import { toGrpcError } from '../grpc/grpc-errors.js';

export type ConnectCall = ServerDuplexStream<connector.ConnectorMessage__Output, connector.ServerMessage>;

/** How a stream ends when it does not end well. */
export type Failure = Partial<ServiceError>;

export function failure(code: status, details: string): Failure {
  return { code, details };
}

export interface SessionOptions {
  connectors: ConnectorsService;
  feeds: ChangeFeeds;
  logger: Logger;
  clock: Clock;
  heartbeatMs: number;
  /** How long a stream may stay open without registering. */
  registerTimeoutMs: number;
}

const CONTEXT = 'ConnectorStream';

export class ConnectorSession {
  private caller: Caller | undefined;
  private attached: AttachedDestination | undefined;
  private feed: ChangeFeed | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private registerTimer: NodeJS.Timeout | undefined;
  private inbox: Promise<void> = Promise.resolve();
  private closed = false;
  private closing: Promise<void> | undefined;
  private readonly stopped: Promise<void>;
  private stop!: () => void;
  private readonly finished: Promise<void>;
  private finish!: () => void;
  /** The last change sequence the connector says it applied. */
  acked = 0;

  constructor(
    private readonly call: ConnectCall,
    private readonly opts: SessionOptions,
  ) {
    this.stopped = new Promise((resolve) => (this.stop = resolve));
    this.finished = new Promise((resolve) => (this.finish = resolve));
  }

  get destination(): string | undefined {
    return this.attached?.name;
  }

  /** Starts handling the stream; resolves once it is over and the destination marked disconnected. */
  run(): Promise<void> {
    const { call } = this;
    call.on('data', (msg: connector.ConnectorMessage__Output) => {
      call.pause();
      void this.enqueue(() => this.handle(msg)).then(() => {
        if (!this.closed) call.resume();
      });
    });
    call.on('end', () => void this.close()); // the connector half-closed: we finish too
    call.on('cancelled', () => void this.close());
    call.on('error', () => void this.close());
    this.registerTimer = setTimeout(() => {
      void this.close(failure(status.DEADLINE_EXCEEDED, 'no Register message arrived; send it first'));
    }, this.opts.registerTimeoutMs);
    const authorization = call.metadata.get('authorization')[0];
    void this.enqueue(async () => {
      this.caller = await this.opts.connectors.authenticate(authorization?.toString());
    });
    return this.finished;
  }

  /** Ends the stream, with `failed` as its status (OK otherwise), and cleans up once. */
  close(failed?: Failure): Promise<void> {
    this.closing ??= this.cleanUp(failed).finally(() => this.finish());
    return this.closing;
  }

  private async cleanUp(failed: Failure | undefined): Promise<void> {
    this.closed = true;
    clearTimeout(this.registerTimer);
    clearInterval(this.heartbeat);
    this.stop();
    if (!this.call.cancelled && !this.call.writableEnded) {
      if (failed) this.call.emit('error', failed);
      else this.call.end();
    }
    await this.inbox;
    this.feed?.stop();
    await this.feed?.idle();
    if (!this.attached) return;
    try {
      await this.opts.connectors.disconnected(this.attached);
    } catch (e) {
      this.opts.logger.warn(
        { err: e, context: CONTEXT, destination: this.attached.name },
        'could not mark the destination disconnected',
      );
    }
    this.opts.logger.info(
      { context: CONTEXT, destination: this.attached.name, acked: this.acked, status: failed?.details },
      'connector detached',
    );
  }

  /** Runs work after everything queued before it; a failure ends the stream with its status. */
  private enqueue(work: () => Promise<void>): Promise<void> {
    this.inbox = this.inbox.then(async () => {
      if (this.closed) return;
      try {
        await work();
      } catch (e) {
        void this.close(this.statusOf(e));
      }
    });
    return this.inbox;
  }

  private statusOf(e: unknown): Failure {
    const known = toGrpcError(e);
    if (known) return known;
    this.opts.logger.error({ err: e, context: CONTEXT }, 'connector stream failed');
    return failure(status.INTERNAL, 'internal error; reconnect to resume');
  }

  private async handle(msg: connector.ConnectorMessage__Output): Promise<void> {
    const attached = this.attached;
    if (!attached) {
      if (msg.msg !== 'register' || !msg.register) throw new BadRequestError('the first message must be Register');
      return this.register(msg.register);
    }
    const { connectors } = this.opts;
    switch (msg.msg) {
      case 'register':
        throw new BadRequestError('Register may be sent only once per stream');
      case 'heartbeat':
        attached.lastSeen = await connectors.seen(attached, this.acked);
        break;
      case 'ack':
        this.acked = Math.max(this.acked, msg.ack?.sequence ?? 0);
        break;
      case 'namespaces':
        if (msg.namespaces)
          attached.lastSeen = await connectors.namespacesChanged(attached, msg.namespaces, this.acked);
        break;
      case 'audit':
        if (msg.audit) await connectors.recordAudit(attached, msg.audit);
        break;
      case 'report':
        if (msg.report) await this.report(attached, msg.report);
        break;
      default:
        break; // a message kind this server does not know yet
    }
  }

  private async register(reg: connector.Register__Output): Promise<void> {
    const attached = await this.opts.connectors.register(this.caller!, reg);
    this.attached = attached;
    clearTimeout(this.registerTimer);
    await this.send({ registered: { destinationId: attached.id, destination: attached.name } });
    if (this.closed) return;
    this.feed = this.opts.feeds.open(attached.name, {
      send: (m) => this.send(m),
      sent: (c) => this.checkStillAllowed(c),
      failed: (e) => {
        this.opts.logger.warn({ err: e, context: CONTEXT, destination: attached.name }, 'change feed failed');
        void this.close(failure(status.UNAVAILABLE, 'the server could not read its change log; reconnect to resume'));
      },
    });
    const how = await this.feed.start(reg.resumeFrom);
    if (this.closed) return;
    this.heartbeat = setInterval(
      () => void this.send({ heartbeat: { sentAtMs: this.opts.clock.now().getTime() } }),
      this.opts.heartbeatMs,
    );
    this.opts.logger.info(
      {
        context: CONTEXT,
        destination: attached.name,
        user: this.caller!.name,
        how,
        resumeFrom: reg.resumeFrom,
        connectorVersion: reg.connectorVersion,
      },
      'connector attached',
    );
  }

  private async report(attached: AttachedDestination, report: connector.ReconcileReport__Output): Promise<void> {
    const count = await this.opts.connectors.recordProblems(attached, report);
    if (count)
      this.opts.logger.warn(
        { context: CONTEXT, destination: attached.name, count },
        'the connector reports grants it could not apply',
      );
  }

  /** The stream ends as soon as the credential it was opened with is revoked or its user removed. */
  private checkStillAllowed(c: ChangeRecord): void {
    const caller = this.caller!;
    const revoked =
      (c.kind === 'revocation' &&
        (c.payload.credentialId
          ? c.payload.credentialId === caller.credentialId
          : c.payload.userId === caller.userId)) ||
      (c.kind === 'user_removed' && c.payload.id === caller.userId);
    if (revoked) void this.close(failure(status.UNAUTHENTICATED, 'the access key this connector uses was revoked'));
  }

  private async send(msg: connector.ServerMessage): Promise<void> {
    if (this.closed) return;
    if (this.call.write(msg)) return;
    await Promise.race([once(this.call, 'drain').catch(() => undefined), this.stopped]);
  }
}
