// Issue 14: proxied-request audit events from many connectors at once. N simulated connectors (bare gRPC Connect
// streams registered as N destinations, as in proxy/fanout.ts) send AuditBatch messages the way the real connector
// does (connector/src/proxy/audit.ts: one batch per flush interval, fire and forget), together offering R events/s.
// The server runs in its own process (audit/ingest-server.ts) and times each proxy_audit INSERT from inside.
// Measured: the rate the server stores at against the offered rate, INSERT p50/p99 against the same batches sent
// one at a time to an idle server (the baseline), how long the last events take to land after the senders stop,
// the server's event-loop delay and its CPU per 1,000 events, and whether a stream ever pushed back.
// Sizes: BENCH_AUDIT_CONNECTORS (100), BENCH_AUDIT_RATE (2000 events/s in all), BENCH_AUDIT_SECONDS (10),
// BENCH_AUDIT_FLUSH_MS (1000, the connector's default flush interval); BENCH_AUDIT_NO_REQUEST_ID_INDEX=1 drops the
// proxy_audit (request_id) index first, to see what it costs each event.
import * as grpc from '@grpc/grpc-js';
import { loadConnectorProto, type connector } from '@infra/proto';
import pg from 'pg';
import { ingestStats, startIngestServer, type IngestServer, type IngestStats } from './audit/ingest-server.js';
import { cpuMs } from './lib/child.js';
import { envInt, runMain } from './lib/env.js';
import { printTable, type Row } from './lib/report.js';
import { nowMs, percentile, waitUntil } from './lib/stats.js';

/** Streams per HTTP/2 connection (as in fanout.ts): a real fleet has one each; this keeps the bench's sockets few. */
const STREAMS_PER_CHANNEL = 25;
const IDLE_BATCHES = 20;

interface Load {
  connectors: number;
  rate: number;
  seconds: number;
  flushMs: number;
  dropRequestIdIndex: boolean;
}

class AuditFleet {
  sent = 0;
  /** Writes a stream did not take at once (HTTP/2 flow control): the connector would be queueing. */
  pushedBack = 0;
  private readonly clients: grpc.Client[] = [];
  private readonly calls: grpc.ClientDuplexStream<connector.ConnectorMessage, connector.ServerMessage__Output>[] = [];
  private readonly attached: boolean[] = [];
  private seq = 0;

  constructor(server: IngestServer, count: number) {
    const { ConnectorService } = loadConnectorProto().infra.connector.v1;
    const md = new grpc.Metadata();
    md.set('authorization', `Bearer ${server.adminKey}`);
    for (let i = 0; i < count; i++) {
      if (i % STREAMS_PER_CHANNEL === 0) {
        this.clients.push(
          new ConnectorService(server.grpcAddress, grpc.credentials.createInsecure(), { 'grpc.bench-channel': i }),
        );
      }
      const call = (this.clients.at(-1) as InstanceType<typeof ConnectorService>).Connect(md);
      this.attached.push(false);
      call.on('data', (m: connector.ServerMessage__Output) => {
        if (m.msg === 'snapshot') this.attached[i] = true;
      });
      call.on('error', () => {});
      call.write({
        register: {
          destination: `audit-${i}`,
          proxyUrl: `https://audit-${i}.bench.example:8443`,
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

  ready(): Promise<number> {
    return waitUntil(() => this.attached.every(Boolean), nowMs(), { everyMs: 20, timeoutMs: 120_000 });
  }

  /** One batch of `n` events from connector `i`, like AuditBatcher.flush. */
  send(i: number, n: number): void {
    if (n === 0) return;
    const at = Date.now();
    const events: connector.ProxyAuditEvent[] = Array.from({ length: n }, () => ({
      requestId: `bench-${i}-${this.seq++}`,
      user: `user-${this.seq % 50}@example.com`,
      verb: 'list',
      path: '/api/v1/namespaces/default/pods',
      status: 200,
      durationMs: 3,
      atMs: at,
      kubectlCommand: 'kubectl get pods',
      clientIp: '10.1.2.3',
    }));
    if (!this.calls[i]!.write({ audit: { events } })) this.pushedBack++;
    this.sent += n;
  }

  /** Every connector sends a batch each flush interval (staggered), `rate` events/s in all, for `seconds`. */
  async offer(load: Load): Promise<{ startMs: number; lastSendMs: number }> {
    const perBatch = (load.rate / load.connectors) * (load.flushMs / 1000);
    const startMs = Date.now();
    const endMs = startMs + load.seconds * 1000;
    let lastSendMs = startMs;
    await Promise.all(
      this.calls.map(async (_, i) => {
        let owed = 0;
        await sleep((i / load.connectors) * load.flushMs);
        while (Date.now() < endMs) {
          owed += perBatch;
          const n = Math.floor(owed);
          owed -= n;
          this.send(i, n);
          lastSendMs = Math.max(lastSendMs, Date.now());
          await sleep(load.flushMs);
        }
      }),
    );
    return { startMs, lastSendMs };
  }

  close(): void {
    for (const c of this.calls) c.cancel();
    for (const c of this.clients) c.close();
  }
}

async function dropRequestIdIndex(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('DROP INDEX proxy_audit_request_id');
  } finally {
    await client.end();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stored = (s: IngestStats) => s.inserts.reduce((n, [, events]) => n + events, 0);

export async function runAuditIngestBench(load: Load): Promise<Row[]> {
  const server = await startIngestServer();
  const fleet = new AuditFleet(server.ready, load.connectors);
  try {
    if (load.dropRequestIdIndex) await dropRequestIdIndex(server.ready.databaseUrl);
    const attachMs = await fleet.ready();
    process.stdout.write(`${load.connectors} simulated connectors attached in ${(attachMs / 1000).toFixed(1)} s\n`);
    const perBatch = Math.max(1, Math.round((load.rate / load.connectors) * (load.flushMs / 1000)));

    // Baseline: the same batches, one at a time, to an idle server.
    await ingestStats(server.ready, true);
    for (let b = 0; b < IDLE_BATCHES; b++) {
      fleet.send(b % load.connectors, perBatch);
      await sleep(50);
    }
    await waitUntil(async () => stored(await ingestStats(server.ready)) >= fleet.sent, nowMs(), {
      everyMs: 20,
      timeoutMs: 30_000,
    });
    const idle = await ingestStats(server.ready, true);
    const idleMs = idle.inserts.map(([ms]) => ms);

    fleet.sent = 0;
    fleet.pushedBack = 0;
    const cpu0 = cpuMs(server.pid);
    const { startMs, lastSendMs } = await fleet.offer(load);
    await waitUntil(async () => stored(await ingestStats(server.ready)) >= fleet.sent, nowMs(), {
      everyMs: 10,
      timeoutMs: 120_000,
    });
    const cpu = cpuMs(server.pid) - cpu0;
    const busy = await ingestStats(server.ready);
    const busyMs = busy.inserts.map(([ms]) => ms);
    const lastDone = Math.max(...busy.inserts.map(([, , done]) => done));
    // Keeping up, the last INSERT ends just after the last send and the two rates are equal.
    const offered = fleet.sent / ((lastSendMs - startMs) / 1000);
    const storedRate = fleet.sent / ((lastDone - startMs) / 1000);
    process.stdout.write(
      `${fleet.sent} events in ${busy.inserts.length} INSERTs (${(fleet.sent / busy.inserts.length).toFixed(1)} per INSERT), ` +
        `${idle.inserts.length} idle INSERTs of ${perBatch}\n`,
    );
    const label = `${load.connectors} connectors, ${load.rate} events/s`;
    const free: Row['target'] = { kind: 'max', limit: Infinity };
    return [
      {
        metric: `stored events/s vs offered (${label}, ${load.seconds} s)`,
        unit: 'ev/s',
        value: storedRate,
        baseline: offered,
        target: { kind: 'min-ratio', limit: 0.95 },
      },
      {
        metric: `proxy_audit INSERT p50 (batch of ~${perBatch}), vs idle`,
        unit: 'ms',
        value: percentile(busyMs, 50),
        baseline: percentile(idleMs, 50),
        target: { kind: 'max', limit: 50 },
      },
      {
        metric: `proxy_audit INSERT p99 (batch of ~${perBatch}), vs idle`,
        unit: 'ms',
        value: percentile(busyMs, 99),
        baseline: percentile(idleMs, 99),
        target: { kind: 'max', limit: 100 },
      },
      {
        metric: 'all events stored, after the last batch was sent',
        unit: 'ms',
        value: lastDone - lastSendMs,
        target: { kind: 'max', limit: load.flushMs },
      },
      {
        metric: 'server event-loop delay p99 under ingest, vs idle',
        unit: 'ms',
        value: busy.loopDelayP99,
        baseline: idle.loopDelayP99,
        target: { kind: 'max', limit: 50 },
      },
      { metric: 'server CPU per 1,000 events stored', unit: 'ms', value: (cpu / fleet.sent) * 1000, target: free },
      {
        metric: 'stream writes that pushed back (connector would queue)',
        unit: 'writes',
        value: fleet.pushedBack,
        target: { kind: 'max', limit: 0 },
      },
    ];
  } finally {
    fleet.close();
    await server.close();
  }
}

runMain(import.meta.url, async () => {
  const load: Load = {
    connectors: envInt('BENCH_AUDIT_CONNECTORS', 100),
    rate: envInt('BENCH_AUDIT_RATE', 2000),
    seconds: envInt('BENCH_AUDIT_SECONDS', 10),
    flushMs: envInt('BENCH_AUDIT_FLUSH_MS', 1000),
    dropRequestIdIndex: process.env.BENCH_AUDIT_NO_REQUEST_ID_INDEX === '1',
  };
  const index = load.dropRequestIdIndex ? ', no request_id index' : '';
  printTable(
    `audit ingest (issue 14): ${load.connectors} simulated connectors, ${load.rate} events/s for ${load.seconds} s${index}`,
    await runAuditIngestBench(load),
  );
});
