import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeConnectorServer } from './testing/fake-server.js';
import { StubKube } from './testing/stub-kube.js';
import { writeKubeconfigFile } from './testing/kubeconfig.js';

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

describe('the connector process', function () {
  this.timeout(60_000);
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

  it('registers with the server and stops cleanly on SIGTERM', async () => {
    const server = new FakeConnectorServer();
    await server.start();
    const kube = await StubKube.start();
    try {
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
        INFRA_HEALTH_LISTEN: '127.0.0.1:0',
        INFRA_KUBECONFIG: kubeconfig,
      });
      // A new process loads client-node first (about a second; several on a busy machine): not the rule under test.
      const reg = await server.waitFor((m) => m.msg === 'register', undefined, 'the register message', 20_000);
      assert.match(reg.register?.proxyUrl ?? '', /^https:\/\/127\.0\.0\.1:\d+$/);
      proc.kill('SIGTERM');
      const { code, stdout } = await proc.exited;
      assert.equal(code, 0);
      assert.doesNotMatch(stdout, /kid\.secret/);
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
