// Issue 3: filtered grant pages over the REST API with 100k grants in Postgres, and the connector's per-request
// "may user U use this destination" decision with 100k grants loaded.
// Sizes: BENCH_GRANTS (100000), BENCH_USERS (grants/10), BENCH_GROUPS (1000), BENCH_DESTINATIONS (100),
// BENCH_REQUESTS (200 page requests per filter; 2000 decisions).
import { startTestServer, type TestServer } from '@infra/server/testing';
import { measureDecision } from './grants/decision.js';
import { seedGrants } from './grants/seed.js';
import { envInt, runMain } from './lib/env.js';
import { client, getOk, type Client } from './lib/http.js';
import { printTable, type Row } from './lib/report.js';
import { nowMs, percentile, timeCalls } from './lib/stats.js';

export interface GrantsBenchSizes {
  grants: number;
  users: number;
  groups: number;
  destinations: number;
  requests: number;
}

export function sizesFromEnv(): GrantsBenchSizes {
  const grants = envInt('BENCH_GRANTS', 100_000);
  return {
    grants,
    users: envInt('BENCH_USERS', Math.max(1, Math.floor(grants / 10))),
    groups: envInt('BENCH_GROUPS', Math.min(1000, Math.max(1, Math.floor(grants / 100)))),
    destinations: envInt('BENCH_DESTINATIONS', Math.min(100, Math.max(1, Math.floor(grants / 1000)))),
    requests: envInt('BENCH_REQUESTS', 200),
  };
}

async function pageLatencies(http: Client, paths: (i: number) => string, requests: number): Promise<number[]> {
  let i = 0;
  for (let w = 0; w < 5; w++) await getOk(http, paths(w)); // warm up
  const { samples } = await timeCalls(async () => void (await getOk(http, paths(i++))), {
    count: requests,
    maxMs: 60_000,
  });
  return samples;
}

async function restRows(server: TestServer, sizes: GrantsBenchSizes): Promise<Row[]> {
  const t0 = nowMs();
  const seeded = await seedGrants(server.running().database.manager, sizes);
  const seedMs = nowMs() - t0;
  process.stdout.write(
    `seeded ${seeded.grants} grants, ${sizes.users} users, ${sizes.groups} groups, ${sizes.destinations} destinations in ${(seedMs / 1000).toFixed(1)} s\n`,
  );
  const http = client({ url: server.url, headers: { authorization: `Bearer ${server.adminKey}` } });
  try {
    // Baseline: the cheapest authenticated route, so the ratio shows what the grant query itself costs.
    const base = await pageLatencies(http, () => '/api/users/self', sizes.requests);
    const byDestination = await pageLatencies(
      http,
      (i) => `/api/grants?destination=${seeded.destinationName((i * 37) % sizes.destinations)}&limit=100`,
      sizes.requests,
    );
    const byUser = await pageLatencies(
      http,
      (i) => `/api/grants?user=${encodeURIComponent(seeded.userName((i * 7919) % sizes.users))}&limit=100`,
      sizes.requests,
    );
    const row = (metric: string, samples: number[], p: number): Row => ({
      metric,
      unit: 'ms',
      value: percentile(samples, p),
      baseline: percentile(base, p),
      target: { kind: 'max', limit: 50 },
    });
    return [
      row('GET /api/grants?destination=…&limit=100 p50', byDestination, 50),
      row('GET /api/grants?destination=…&limit=100 p99', byDestination, 99),
      row('GET /api/grants?user=…&limit=100 p50', byUser, 50),
      row('GET /api/grants?user=…&limit=100 p99', byUser, 99),
    ];
  } finally {
    http.close();
  }
}

export async function runGrantsBench(sizes: GrantsBenchSizes): Promise<Row[]> {
  const server = await startTestServer({ database: 'postgres' });
  let rows: Row[];
  try {
    rows = await restRows(server, sizes);
  } finally {
    await server.stop();
  }
  const d = await measureDecision({
    grants: sizes.grants,
    users: sizes.users,
    groups: sizes.groups,
    requests: sizes.requests * 10,
  });
  rows.push(
    {
      metric: 'connector decision "may U use R" p50',
      unit: 'ms',
      value: d.p50,
      baseline: d.baselineP50,
      target: { kind: 'max', limit: 1 },
    },
    {
      metric: 'connector decision "may U use R" p99',
      unit: 'ms',
      value: d.p99,
      baseline: d.baselineP99,
      target: { kind: 'max', limit: 1 },
    },
  );
  return rows;
}

runMain(import.meta.url, async () => {
  const sizes = sizesFromEnv();
  const rows = await runGrantsBench(sizes);
  printTable(`grants (issue 3): ${sizes.grants} grants; baseline: GET /api/users/self, decision with 1 grant`, rows);
});
