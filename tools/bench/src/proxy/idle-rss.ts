// Resident memory of a real connector process (apps/connector/dist/main.js) attached to the server and the
// Kubernetes API test server, after idling; the baseline is a bare `node` process idling as long. Its destination
// holds BENCH_IDLE_GRANTS grants (default 10,000; idle-grants.ts), all rendered as RoleBindings before the idle.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubeApiServer } from '@infra/kube-testing';
import { createDestination, must } from '../lib/api.js';
import type { Row } from '../lib/report.js';
import { nowMs, waitUntil } from '../lib/stats.js';
import type { Stack } from './stack.js';
import { splitFlags } from './connector-process.js';
import { createIdleGrantNamespaces, removeBindings, seedIdleGrants, waitForBindings } from './idle-grants.js';

const DESTINATION = 'bench-idle';
let variants = 0;

/** Another build of the connector's main.js, or node/V8 flags for it (on its command line), and a name for the row. */
export interface IdleVariant {
  name: string;
  main?: string;
  nodeOptions?: string;
}

/** A resident-memory line of /proc/PID/status in MB: VmRSS, or its parts RssAnon (the process's own) and RssFile. */
function rssMb(pid: number, field = 'VmRSS'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? NaN) / 1024;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await once(child, 'exit');
  clearTimeout(timer);
}

async function idleRss(child: ChildProcess, idleMs: number): Promise<number> {
  await new Promise((r) => setTimeout(r, idleMs));
  if (child.pid === undefined || child.exitCode !== null) throw new Error('the process exited while idling');
  return rssMb(child.pid);
}

const PROBE = fileURLToPath(new URL('./memory-probe.js', import.meta.url));

/** The connector's process.memoryUsage() (memory-probe.ts), in MB: where its RSS goes. */
async function memoryUsageMb(child: ChildProcess, file: string): Promise<Record<string, number>> {
  child.kill('SIGUSR2');
  await waitUntil(() => existsSync(file), nowMs(), { everyMs: 100, timeoutMs: 10_000 });
  const usage = JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>;
  return Object.fromEntries(Object.entries(usage).map(([k, v]) => [k, v / 1024 / 1024]));
}

export async function idleRssRows(
  stack: Stack,
  kube: KubeApiServer,
  dir: string,
  idleMs: number,
  grants: number,
  variant?: IdleVariant,
): Promise<Row[]> {
  const destination = variant ? `${DESTINATION}-${++variants}` : DESTINATION;
  const accessKey = await createDestination(stack.admin, destination);
  createIdleGrantNamespaces(kube);
  const bindings = await seedIdleGrants(stack.server.databaseUrl, destination, grants);
  const kubeconfig = kube.kubeconfigFor(kube.adminToken, join(dir, 'connector.kubeconfig'));
  const probeFile = join(dir, `memory-${destination}.json`);
  const main = variant?.main ?? fileURLToPath(import.meta.resolve('@infra/connector'));
  const flags = splitFlags(variant?.nodeOptions);
  const connector = spawn(process.execPath, [...flags.args, main], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      PATH: process.env.PATH,
      INFRA_SERVER: stack.server.grpcAddress,
      INFRA_SERVER_INSECURE: 'true',
      INFRA_ACCESS_KEY: accessKey,
      INFRA_DESTINATION: destination,
      INFRA_PROXY_LISTEN: '127.0.0.1:0',
      INFRA_HEALTH_LISTEN: 'off',
      INFRA_KUBECONFIG: kubeconfig,
      NODE_OPTIONS: `--import=${PROBE}`,
      BENCH_MEMORY_PROBE_FILE: probeFile,
      ...flags.env,
    },
  });
  const bare = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  try {
    await waitUntil(
      async () => {
        const [d] = (
          await must(stack.admin.get<{ items: { connected: boolean }[] }>(`/api/destinations?name=${destination}`), 200)
        ).items;
        return d?.connected === true;
      },
      nowMs(),
      { everyMs: 100, timeoutMs: 30_000 },
    );
    // 10,000 bindings, written one request each to the test API server, took ~3 min at load average 10.
    await waitForBindings(kube, bindings, 900_000);
    const [value, baseline] = await Promise.all([idleRss(connector, idleMs), idleRss(bare, idleMs)]);
    const name = variant ? ` (${variant.name})` : '';
    const anon = rssMb(connector.pid!, 'RssAnon');
    const file = rssMb(connector.pid!, 'RssFile'); // mapped files, mostly the node binary's code: shared, clean
    const usage = await memoryUsageMb(connector, probeFile);
    const part = (what: string, value: number): Row => ({
      metric: `connector ${what} after idle, ${grants} grants${name}`,
      unit: 'MB',
      value,
      target: { kind: 'max', limit: 128 }, // a part of the process's budget
    });
    return [
      {
        metric: `connector process RSS after ${idleMs / 1000} s idle, ${grants} grants${name}`,
        unit: 'MB',
        value,
        baseline,
        target: { kind: 'max', limit: 128 },
      },
      part('RSS, anonymous,', anon),
      part('RSS, file-backed,', file),
      part('V8 heap used', usage.heapUsed ?? NaN),
      part('V8 heap committed', usage.heapTotal ?? NaN),
      part('external memory', usage.external ?? NaN),
    ];
  } finally {
    await Promise.all([stop(connector), stop(bare)]);
    removeBindings(kube, bindings);
  }
}
