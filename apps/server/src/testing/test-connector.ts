// A scripted connector for specs: dials the server's Connect stream with the libs/proto client, records
// what the server sends, and lets a spec wait for the next message of a kind.
import * as grpc from '@grpc/grpc-js';
import { loadConnectorProto, SnapshotAssembly, type connector } from '@infra/proto';
import { DEADLINE_MS, within } from './deadline.js';

type ServerMessage = connector.ServerMessage__Output;
type Kind = NonNullable<ServerMessage['msg']>;

export interface TestConnectorOptions {
  address: string;
  /** Sent as `authorization: Bearer <key>`; no metadata when undefined. */
  accessKey?: string;
  /** Sent as the first message unless null. */
  register?: Partial<connector.Register> | null;
  /** The server's certificate (PEM) when it serves TLS; plaintext otherwise. */
  caPem?: string;
}

export class TestConnector {
  readonly received: ServerMessage[] = [];
  /** The call's final status, once it has ended. */
  readonly ended: Promise<grpc.StatusObject>;
  private readonly client: grpc.Client;
  private readonly call: grpc.ClientDuplexStream<connector.ConnectorMessage, ServerMessage>;
  private cursor = 0;
  private wake: (() => void) | undefined;
  private finalStatus: grpc.StatusObject | undefined;

  constructor(opts: TestConnectorOptions) {
    const { ConnectorService } = loadConnectorProto().infra.connector.v1;
    const creds = opts.caPem ? grpc.credentials.createSsl(Buffer.from(opts.caPem)) : grpc.credentials.createInsecure();
    const client = new ConnectorService(opts.address, creds);
    this.client = client;
    const md = new grpc.Metadata();
    if (opts.accessKey !== undefined) md.set('authorization', `Bearer ${opts.accessKey}`);
    this.call = client.Connect(md);
    this.call.on('data', (msg: ServerMessage) => {
      this.received.push(msg);
      this.wake?.();
    });
    this.call.on('error', () => {}); // the status below says it all
    this.ended = new Promise((resolve) => {
      this.call.on('status', (s: grpc.StatusObject) => {
        this.finalStatus = s;
        resolve(s);
        this.wake?.();
      });
    });
    if (opts.register !== null) {
      this.send({
        register: {
          destination: 'production',
          proxyUrl: 'https://connector.example:8443',
          proxyCaPem: '',
          kubernetesVersion: 'v1.32.4',
          namespaces: ['default'],
          resumeFrom: 0,
          connectorVersion: 'test',
          ...opts.register,
        },
      });
    }
  }

  send(msg: connector.ConnectorMessage): void {
    this.call.write(msg);
  }

  /**
   * The next message of `kind` after the last one returned (heartbeats are skipped unless asked for);
   * rejects when the stream ends first or nothing comes within the timeout.
   */
  async next<K extends Kind>(kind: K, timeoutMs = 20_000): Promise<NonNullable<ServerMessage[K]>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.received.length) {
        const msg = this.received[this.cursor++]!;
        if (msg.msg === kind) return msg[kind] as NonNullable<ServerMessage[K]>;
        if (msg.msg !== 'heartbeat') throw new Error(`expected ${kind} but got ${JSON.stringify(msg)}`);
      }
      if (this.finalStatus)
        throw new Error(`stream ended (${this.finalStatus.code}: ${this.finalStatus.details}) before ${kind}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${kind} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Waits for Registered and the snapshot that follows it. */
  async attached(): Promise<{ registered: connector.Registered__Output; snapshot: connector.Snapshot__Output }> {
    const registered = await this.next('registered');
    return { registered, snapshot: await this.snapshot() };
  }

  /** The next snapshot, its parts joined (each checked to be the next of the same sequence); `parts` counts them. */
  async snapshot(timeoutMs?: number): Promise<connector.Snapshot__Output & { parts: number }> {
    const assembly = new SnapshotAssembly();
    for (let parts = 1; ; parts++) {
      const whole = assembly.add(await this.next('snapshot', timeoutMs));
      if (whole) return { ...whole, parts };
    }
  }

  /** Changes until one matches, in order; the ones before it are returned too. `timeoutMs` bounds each wait. */
  async changesUntil(
    match: (c: connector.Change__Output) => boolean,
    timeoutMs?: number,
  ): Promise<connector.Change__Output[]> {
    const seen: connector.Change__Output[] = [];
    for (;;) {
      const change = await this.next('change', timeoutMs);
      seen.push(change);
      if (match(change)) return seen;
    }
  }

  /** True when nothing but heartbeats arrived after the last message returned. */
  get idle(): boolean {
    return this.received.slice(this.cursor).every((m) => m.msg === 'heartbeat');
  }

  /**
   * The call's final status once the server ends it; fails after `timeoutMs` saying `why` the server should have
   * ended it, so a spec whose rule broke says so in seconds instead of waiting for mocha's timeout.
   */
  endsBecause(why: string, timeoutMs = DEADLINE_MS): Promise<grpc.StatusObject> {
    return within(`the server ending the stream (${why})`, this.ended, timeoutMs);
  }

  /** Half-closes (as a connector that stops cleanly does) and waits for the server to end the call. */
  async end(): Promise<grpc.StatusObject> {
    this.call.end();
    const status = await this.endsBecause('the connector half-closed it');
    this.client.close();
    return status;
  }

  /** Drops the stream without a word (as a crashed connector or a cut network does). */
  cancel(): void {
    this.call.cancel();
    this.client.close();
  }
}

/** Retries `check` until it stops throwing (state that settles after the stream ends, seen through REST). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
