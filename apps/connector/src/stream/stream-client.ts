// The connector's end of the Connect stream. It dials out (so clusters need no inbound route from the server),
// registers, applies the snapshot (gathered from its parts) and changes in order into ConnectorState and
// acknowledges each, exchanges heartbeats, and reconnects with jittered backoff, resuming from the last sequence it
// applied. While disconnected the state stays as it was: the proxy and reconciler keep working on it.
import { EventEmitter } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { loadConnectorProto, OutOfOrderError, SnapshotAssembly, type connector } from '@infra/proto';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { ConnectorState } from '../state/connector-state.js';
import { Backoff, type BackoffOptions } from '../backoff.js';
import type { DialCredentials } from './server-credentials.js';

type Call = grpc.ClientDuplexStream<connector.ConnectorMessage, connector.ServerMessage__Output>;

/** What Register carries, besides the namespaces and the resume point the client tracks itself. */
export interface Registration {
  destination: string;
  proxyUrl: string;
  proxyCaPem: string;
  kubernetesVersion: string;
  connectorVersion: string;
}

export interface StreamClientOptions {
  address: string; // host:port of the server's gRPC listener
  /** How to trust the server; called until it succeeds (a pinned certificate is fetched from the server). */
  dial: () => Promise<DialCredentials>;
  accessKey: string; // the connector's access key, sent as "authorization: Bearer …" metadata
  state: ConnectorState;
  registration: () => Promise<Registration>;
  clock: Clock;
  logger: Logger;
  heartbeatMs?: number; // default 10 s
  heartbeatTimeoutMs?: number; // silence after which a server that sends heartbeats is deemed gone; default 3 heartbeats
  backoff?: BackoffOptions;
  maxQueuedAuditEvents?: number;
}

export class StreamClient extends EventEmitter<{ registered: [connector.Registered__Output]; disconnected: [] }> {
  private client: (grpc.Client & { Connect(md: grpc.Metadata, opts?: grpc.CallOptions): Call }) | undefined;
  private readonly backoff: Backoff;
  private call: Call | undefined;
  private isRegistered = false;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private namespaces: string[] = [];
  private namespacesInRegister = '';
  private problems: connector.ReconcileProblem[] | undefined;
  private auditQueue: connector.ProxyAuditEvent[] = [];
  private reregistering = false;

  constructor(private readonly opts: StreamClientOptions) {
    super();
    this.backoff = new Backoff(opts.backoff ?? { initialMs: 500, maxMs: 30_000 });
  }

  get registered(): boolean {
    return this.isRegistered;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Half-closes the stream so that what was written (audit events) reaches the server, then cancels. */
  async stop(graceMs = 2_000): Promise<void> {
    this.stopped = true;
    this.wake?.();
    if (this.call) {
      this.call.end();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.loop, new Promise((r) => (timer = setTimeout(r, graceMs)))]);
      clearTimeout(timer);
      this.call?.cancel();
    }
    await this.loop;
    this.client?.close();
  }

  /** The gRPC client, made on the first dial (kept after: it reconnects its channel by itself). */
  private async connectedClient(): Promise<NonNullable<StreamClient['client']>> {
    if (this.client) return this.client;
    const { credentials, channelOptions } = await this.opts.dial();
    const { ConnectorService } = loadConnectorProto().infra.connector.v1;
    this.client = new ConnectorService(this.opts.address, credentials, {
      'grpc.keepalive_time_ms': 30_000,
      'grpc.keepalive_timeout_ms': 10_000,
      'grpc.keepalive_permit_without_calls': 1,
      ...channelOptions,
    }) as unknown as NonNullable<StreamClient['client']>;
    return this.client;
  }

  /**
   * Registers again, with what registration() gives now (a rotated proxy CA): the stream is ended and dialled again,
   * resuming from the last sequence applied, since the server reads Register only as a stream's first message.
   */
  reregister(): void {
    if (!this.call) return; // not connected: the next dial registers anew anyway
    this.reregistering = true;
    this.call.cancel();
  }

  /** The cluster's namespaces (the full list); sent now if connected, and again after every reconnect. */
  setNamespaces(namespaces: string[]): void {
    this.namespaces = [...namespaces].sort();
    this.send({ namespaces: { namespaces: this.namespaces } });
  }

  /** The reconciler's latest problems; sent now if connected, and again after every reconnect. */
  setReport(problems: connector.ReconcileProblem[]): void {
    this.problems = problems;
    this.send({ report: { problems } });
  }

  /** Audit events go out at once when connected; otherwise they wait (oldest dropped beyond the limit). */
  sendAudit(events: connector.ProxyAuditEvent[]): void {
    if (this.send({ audit: { events } })) return;
    this.auditQueue.push(...events);
    const max = this.opts.maxQueuedAuditEvents ?? 10_000;
    if (this.auditQueue.length > max) this.auditQueue.splice(0, this.auditQueue.length - max);
  }

  private send(msg: connector.ConnectorMessage): boolean {
    if (!this.call || !this.isRegistered) return false;
    this.call.write(msg);
    return true;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.connectOnce();
      } catch (e) {
        const code = (e as { code?: number }).code;
        if (this.reregistering && code === grpc.status.CANCELLED) {
          this.opts.logger.info('registering again with the server');
        } else if (code === grpc.status.UNAUTHENTICATED || code === grpc.status.PERMISSION_DENIED) {
          this.opts.logger.error({ err: e }, 'the server refused the connector access key; check INFRA_ACCESS_KEY');
        } else {
          this.opts.logger.warn({ err: e }, 'connector stream ended');
        }
      }
      if (this.stopped) break;
      const delay = this.reregistering ? 0 : this.backoff.next();
      this.reregistering = false;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  /** One stream from dial to end; resolves or rejects when it is over. */
  private async connectOnce(): Promise<void> {
    const { state, clock } = this.opts;
    const md = new grpc.Metadata();
    md.set('authorization', `Bearer ${this.opts.accessKey}`);
    const client = await this.connectedClient();
    const reg = await this.opts.registration();
    if (this.stopped) return; // stop() came while we gathered what Register carries
    const call = client.Connect(md);
    this.call = call;
    let lastHeard = clock.now();
    // Silence means a dead stream only once the server has shown it sends heartbeats; otherwise gRPC keepalive
    // (configured on the channel) is what notices a dead connection.
    let serverBeats = false;
    const assembly = new SnapshotAssembly(); // parts of a snapshot not yet whole die with this stream
    const heartbeatMs = this.opts.heartbeatMs ?? 10_000;
    const timeoutMs = this.opts.heartbeatTimeoutMs ?? heartbeatMs * 3;
    const heartbeat = setInterval(() => {
      if (serverBeats && clock.now() - lastHeard > timeoutMs) {
        this.opts.logger.warn({ silentMs: clock.now() - lastHeard }, 'no word from the server; reconnecting');
        call.cancel();
        return;
      }
      call.write({ heartbeat: { sentAtMs: clock.now() } });
    }, heartbeatMs);

    try {
      await new Promise<void>((resolve, reject) => {
        call.on('data', (msg: connector.ServerMessage__Output) => {
          lastHeard = clock.now();
          if (msg.msg === 'heartbeat') serverBeats = true;
          try {
            this.onMessage(call, msg, assembly);
          } catch (e) {
            const what =
              e instanceof OutOfOrderError
                ? 'the server sent a snapshot out of order; dropping it and reconnecting'
                : 'could not apply a message from the server';
            this.opts.logger.error({ err: e }, what);
            call.cancel(); // reconnect and resume from the last sequence applied
          }
        });
        call.on('error', reject);
        call.on('end', resolve);
        this.namespacesInRegister = this.namespaces.join(',');
        call.write({
          register: {
            ...reg,
            namespaces: this.namespaces,
            resumeFrom: state.hasSnapshot ? state.sequence : 0,
          },
        });
      });
    } finally {
      clearInterval(heartbeat);
      this.call = undefined;
      if (this.isRegistered) {
        this.isRegistered = false;
        this.emit('disconnected');
      }
      call.removeAllListeners('data');
      call.on('error', () => {});
      call.cancel();
    }
  }

  private onMessage(call: Call, msg: connector.ServerMessage__Output, assembly: SnapshotAssembly): void {
    const { state } = this.opts;
    switch (msg.msg) {
      case 'registered':
        this.isRegistered = true;
        this.backoff.reset();
        this.opts.logger.info({ destination: msg.registered?.destination }, 'registered with the server');
        // Namespaces that changed while Register was on its way were not sent yet.
        if (this.namespaces.join(',') !== this.namespacesInRegister)
          call.write({ namespaces: { namespaces: this.namespaces } });
        if (this.problems) call.write({ report: { problems: this.problems } });
        if (this.auditQueue.length > 0) {
          call.write({ audit: { events: this.auditQueue } });
          this.auditQueue = [];
        }
        this.emit('registered', msg.registered!);
        break;
      case 'snapshot': {
        // Until the last part is in, the previous state keeps serving.
        const whole = assembly.add(msg.snapshot!);
        if (!whole) break;
        state.applySnapshot(whole);
        call.write({ ack: { sequence: state.sequence } });
        break;
      }
      case 'change':
        assembly.checkChangeAllowed(Number(msg.change!.sequence));
        state.applyChange(msg.change!);
        call.write({ ack: { sequence: state.sequence } });
        break;
      default:
        break; // heartbeats only prove the server is alive
    }
  }
}
