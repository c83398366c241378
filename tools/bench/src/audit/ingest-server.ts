// The Infra server for the audit-ingest benchmark, in a process of its own (like proxy/server-process.ts), with its
// proxy-audit inserts timed from inside: each INSERT's duration, its size and when it finished, and the event loop's
// delay, served as JSON at `statsUrl` so the bench can read them after the load.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ProxyAuditRepository, startTestServer } from '@infra/server/testing';
import { childMain, scriptOf, startChild, type ChildProcessHandle } from '../lib/child.js';
import type { ServerAddress } from '../proxy/server-process.js';

export interface IngestServer extends ServerAddress {
  statsUrl: string;
}

/** One INSERT of a batch: how long it took (ms), how many events, when it finished (epoch ms). */
export type InsertSample = [ms: number, events: number, doneAtMs: number];

export interface IngestStats {
  inserts: InsertSample[];
  /** Event-loop delay percentiles (ms) since the last reset. */
  loopDelayP50: number;
  loopDelayP99: number;
}

export function startIngestServer(): Promise<ChildProcessHandle<IngestServer>> {
  return startChild<IngestServer>(scriptOf(import.meta.url), {});
}

/** Reads the stats; `reset` starts a new measuring window (inserts and loop delay). */
export async function ingestStats(server: IngestServer, reset = false): Promise<IngestStats> {
  const res = await fetch(`${server.statsUrl}${reset ? '?reset=1' : ''}`);
  return (await res.json()) as IngestStats;
}

childMain<Record<string, never>, IngestServer>(import.meta.url, async () => {
  const server = await startTestServer({ database: 'postgres' });
  const repo = server.running().app.get(ProxyAuditRepository);
  let inserts: InsertSample[] = [];
  const insert = repo.insert.bind(repo);
  repo.insert = async (destinationId, columns) => {
    const t0 = performance.now();
    await insert(destinationId, columns);
    inserts.push([performance.now() - t0, columns.atMs.length, Date.now()]);
  };
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const stats = http.createServer((req, res) => {
    const body: IngestStats = {
      inserts,
      loopDelayP50: loop.percentile(50) / 1e6,
      loopDelayP99: loop.percentile(99) / 1e6,
    };
    if (req.url?.includes('reset=1')) {
      inserts = [];
      loop.reset();
    }
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => stats.listen(0, '127.0.0.1', r));
  return {
    ready: {
      url: server.url,
      grpcAddress: server.grpcAddress!,
      adminKey: server.adminKey,
      databaseUrl: server.databaseUrl!,
      statsUrl: `http://127.0.0.1:${(stats.address() as AddressInfo).port}/`,
    },
    close: async () => {
      loop.disable();
      stats.close();
      await server.stop();
    },
  };
});
