import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeConnectorServer } from './testing/fake-server.js';
import { StubKube } from './testing/stub-kube.js';
import { writeKubeconfigFile } from './testing/kubeconfig.js';
import { within } from './testing/deadline.js';

const mainJs = fileURLToPath(new URL('./main.js', import.meta.url));

function runMain(env: Record<string, string>): {
  exited: Promise<{ code: number | null; stderr: string; stdout: string }>;
  kill(sig: NodeJS.Signals): void;
} {
  const child = spawn(process.execPath, [mainJs], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stderr, stdout })),
  );
  return { exited, kill: (sig) => child.kill(sig) };
}

/** A port nothing listens on right now (the process under test needs a known health port to be scraped). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('the connector process', function () {
  this.timeout(60_000);
  const METRICS_TOKEN = 'metrics-0123456789abcdef';
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'connector-main-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 2 and lists every bad setting', async () => {
    const { code, stderr } = await runMain({ INFRA_DESTINATION: 'Bad Name', INFRA_KUBECONFIG: join(dir, 'none') })
      .exited;
    assert.equal(code, 2);
    assert.match(stderr, /INFRA_SERVER .* is required/);
    assert.match(stderr, /INFRA_ACCESS_KEY or INFRA_ACCESS_KEY_FILE is required/);
    assert.match(stderr, /INFRA_DESTINATION must be a lower-case DNS label/);
    assert.match(stderr, /cannot load the cluster configuration/);
  });

  it('registers with the server, asks for INFRA_METRICS_TOKEN on /metrics, and stops cleanly on SIGTERM', async () => {
    const server = new FakeConnectorServer();
    await server.start();
    const kube = await StubKube.start();
    try {
      const healthPort = await freePort();
      const kubeconfig = writeKubeconfigFile(join(dir, 'kubeconfig'), {
        server: kube.url,
        caPem: kube.caPem,
        token: 'sa',
      });
      const proc = runMain({
        INFRA_SERVER: server.address,
        INFRA_SERVER_INSECURE: 'true',
        INFRA_ACCESS_KEY: 'kid.secret',
        INFRA_DESTINATION: 'production',
        INFRA_PROXY_LISTEN: '127.0.0.1:0',
        INFRA_HEALTH_LISTEN: `127.0.0.1:${healthPort}`,
        INFRA_METRICS_TOKEN: METRICS_TOKEN,
        INFRA_KUBECONFIG: kubeconfig,
      });
      // A new process loads client-node first (about a second; several on a busy machine): not the rule under test.
      const reg = await server.waitFor((m) => m.msg === 'register', undefined, 'the register message', 20_000);
      assert.match(reg.register?.proxyUrl ?? '', /^https:\/\/127\.0\.0\.1:\d+$/);
      const scrape = (headers: Record<string, string>) =>
        within('a /metrics answer', fetch(`http://127.0.0.1:${healthPort}/metrics`, { headers }));
      assert.equal((await scrape({})).status, 401);
      const scraped = await scrape({ Authorization: `Bearer ${METRICS_TOKEN}` });
      assert.equal(scraped.status, 200);
      assert.match(await scraped.text(), /^infra_connector_stream_registered [01]$/m);
      proc.kill('SIGTERM');
      const { code, stdout } = await proc.exited;
      assert.equal(code, 0);
      assert.doesNotMatch(stdout, /kid\.secret/);
      assert.ok(!stdout.includes(METRICS_TOKEN), 'the metrics token is in the log');
      // One JSON line per event in the shared format (@infra/access/log), the same fields the server writes.
      const lines = stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      for (const l of lines) {
        assert.equal(l.service, 'connector');
        assert.match(String(l.level), /^(info|warn)$/);
        assert.match(String(l.time), /^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
      }
      assert.equal(lines.find((l) => l.msg === 'shutting down')?.signal, 'SIGTERM');
    } finally {
      await server.stop();
      await kube.stop();
    }
  });
});
