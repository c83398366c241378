// A fake control server for stream-client specs: serves ConnectorService from the same proto, records what the
// connector sends, lets the test push messages, and can be stopped and started again on the same port.
import { EventEmitter, once } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { loadConnectorProto, type connector } from '@infra/proto';
import { DEADLINE_MS, within } from './deadline.js';

type ServerCall = grpc.ServerDuplexStream<connector.ConnectorMessage__Output, connector.ServerMessage>;

export interface FakeStream {
  call: ServerCall;
  authorization: string;
  received: connector.ConnectorMessage__Output[];
}

export class FakeConnectorServer extends EventEmitter<{
  message: [FakeStream, connector.ConnectorMessage__Output];
  stream: [FakeStream];
}> {
  readonly streams: FakeStream[] = [];
  private server: grpc.Server | undefined;
  port = 0;
  /** Called for each Register; by default answers Registered and an empty snapshot when resume_from is 0. */
  onRegister: (s: FakeStream, reg: connector.Register__Output) => void = (s, reg) => {
    s.call.write({ registered: { destinationId: 'd-1', destination: reg.destination } });
    if (Number(reg.resumeFrom) === 0) s.call.write({ snapshot: { sequence: 1 } });
  };

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get current(): FakeStream | undefined {
    return this.streams.at(-1);
  }

  /** Serves TLS with this certificate when set (before start). */
  tls: { certPem: string; keyPem: string } | undefined;

  async start(): Promise<void> {
    const server = new grpc.Server();
    server.addService(loadConnectorProto().infra.connector.v1.ConnectorService.service, {
      Connect: (call: ServerCall) => this.onConnect(call),
    });
    this.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(
        `127.0.0.1:${this.port}`,
        this.tls
          ? grpc.ServerCredentials.createSsl(null, [
              { cert_chain: Buffer.from(this.tls.certPem), private_key: Buffer.from(this.tls.keyPem) },
            ])
          : grpc.ServerCredentials.createInsecure(),
        (err, port) => (err ? reject(err) : resolve(port)),
      ),
    );
    this.server = server;
  }

  async stop(): Promise<void> {
    for (const s of this.streams) s.call.destroy();
    this.server?.forceShutdown();
    this.server = undefined;
  }

  /**
   * Waits for the next message from the connector that satisfies `match` (one already received counts); fails after
   * `timeoutMs` naming the wait, quoting `match` unless `what` says what was expected.
   */
  async waitFor(
    match: (m: connector.ConnectorMessage__Output) => boolean,
    from?: FakeStream,
    what?: string,
    timeoutMs = DEADLINE_MS,
  ): Promise<connector.ConnectorMessage__Output> {
    return within(
      what ?? `a message from the connector matching \`${match.toString()}\``,
      (async () => {
        for (;;) {
          const stream = from ?? this.current;
          const found = stream?.received.find(match);
          if (found) return found;
          await once(this, 'message');
        }
      })(),
      timeoutMs,
    );
  }

  /** The stream after the first `after` ones; fails after `timeoutMs` when the connector does not dial (again). */
  async nextStream(
    after: number,
    what = `connection number ${after + 1} from the connector`,
    timeoutMs = DEADLINE_MS,
  ): Promise<FakeStream> {
    return within(
      what,
      (async () => {
        while (this.streams.length <= after) await once(this, 'stream');
        return this.streams[after];
      })(),
      timeoutMs,
    );
  }

  private onConnect(call: ServerCall): void {
    const s: FakeStream = { call, authorization: String(call.metadata.get('authorization')[0] ?? ''), received: [] };
    this.streams.push(s);
    call.on('data', (m: connector.ConnectorMessage__Output) => {
      s.received.push(m);
      if (m.msg === 'register') this.onRegister(s, m.register!);
      this.emit('message', s, m);
    });
    call.on('error', () => {});
    call.on('end', () => call.end());
    this.emit('stream', s);
  }
}
