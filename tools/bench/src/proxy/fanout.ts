// Fan-out: N simulated connectors (bare gRPC Connect streams, each registered for its own destination) on one
// server; one change every destination hears (a revocation: the admin deletes an access key) is timed from the
// REST call until the last stream has received it.
import * as grpc from '@grpc/grpc-js';
import { loadConnectorProto, type connector } from '@infra/proto';
import type { ServerAddress } from './server-process.js';
import { must } from '../lib/api.js';
import type { Row } from '../lib/report.js';
import { nowMs, percentile, waitUntil } from '../lib/stats.js';
import type { Stack } from './stack.js';

/** Streams per HTTP/2 connection; a real fleet would have one each, this keeps the bench's own sockets few. */
const STREAMS_PER_CHANNEL = 100;

class SimulatedConnectors {
  /** Revocations seen per stream, by credential id. */
  readonly seen: Set<string>[] = [];
  readonly attached: boolean[] = [];
  private readonly clients: grpc.Client[] = [];
  private readonly calls: grpc.ClientDuplexStream<connector.ConnectorMessage, connector.ServerMessage__Output>[] = [];

  constructor(server: ServerAddress, count: number) {
    const { ConnectorService } = loadConnectorProto().infra.connector.v1;
    const md = new grpc.Metadata();
    md.set('authorization', `Bearer ${server.adminKey}`);
    for (let i = 0; i < count; i++) {
      if (i % STREAMS_PER_CHANNEL === 0) {
        // A distinct option per channel keeps grpc-js from sharing one subchannel between them.
        this.clients.push(
          new ConnectorService(server.grpcAddress, grpc.credentials.createInsecure(), { 'grpc.bench-channel': i }),
        );
      }
      const call = (this.clients.at(-1) as InstanceType<typeof ConnectorService>).Connect(md);
      const seen = new Set<string>();
      this.seen.push(seen);
      this.attached.push(false);
      call.on('data', (m: connector.ServerMessage__Output) => {
        if (m.msg === 'snapshot') this.attached[i] = true;
        if (m.msg === 'change' && m.change?.revocation) seen.add(m.change.revocation.credentialId);
      });
      call.on('error', () => {});
      call.write({
        register: {
          destination: `fan-${i}`,
          proxyUrl: `https://fan-${i}.bench.example:8443`,
          proxyCaPem: '',
          kubernetesVersion: 'v1.32.4',
          namespaces: ['default'],
          resumeFrom: 0,
          connectorVersion: 'bench',
        },
      });
      this.calls.push(call);
    }
  }

  close(): void {
    for (const c of this.calls) c.cancel();
    for (const c of this.clients) c.close();
  }
}

export async function fanoutRows(stack: Stack, connectors: number, rounds: number): Promise<Row[]> {
  const fleet = new SimulatedConnectors(stack.server, connectors);
  const times: number[] = [];
  try {
    const t0 = nowMs();
    await waitUntil(() => fleet.attached.every(Boolean), t0, { everyMs: 20, timeoutMs: 120_000 });
    process.stdout.write(`${connectors} simulated connectors attached in ${((nowMs() - t0) / 1000).toFixed(1)} s\n`);
    for (let r = 0; r < rounds; r++) {
      const key = await must(stack.admin.post<{ id: string }>('/api/keys', { name: `fanout-${r}` }), 201);
      const start = nowMs();
      await must(stack.admin.delete(`/api/keys/${key.id}`), 204);
      times.push(
        await waitUntil(() => fleet.seen.every((s) => s.has(key.id)), start, { everyMs: 2, timeoutMs: 60_000 }),
      );
    }
  } finally {
    fleet.close();
  }
  return [
    {
      metric: `one change → all ${connectors} connectors p50 (${times.length} rounds)`,
      unit: 'ms',
      value: percentile(times, 50),
      target: { kind: 'max', limit: 1000 },
    },
    {
      metric: `one change → all ${connectors} connectors max (${times.length} rounds)`,
      unit: 'ms',
      value: Math.max(...times),
      target: { kind: 'max', limit: 1000 },
    },
  ];
}
