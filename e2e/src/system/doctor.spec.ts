// `infra doctor` against the whole system, each link broken on purpose: a deleted kubeconfig context, a load
// balancer that drops `Upgrade`, a stopped connector. Each ✗ line must name the fix, and the fix must work.
// The server, clock and session checks are broken in apps/cli/src/commands/doctor.spec.ts.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import YAML from 'yaml';
import { connectorLogger, loadConfig, startConnector } from '@infra/connector';
import { selfSigned } from '@infra/cli/testing';
import { within } from '@infra/server/testing';
import { CliUser } from './cli.js';
import { useSystem } from './testing.js';
import { UpgradeStrippingBalancer } from './upgrade-stripping-balancer.js';
import { eventually } from './wait.js';

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

const DOCTOR_DEADLINE_MS = 30_000; // every check has 5 s; a healthy run takes well under 2 s

describe('infra doctor against the whole system', function () {
  this.timeout(120_000);
  const sys = useSystem();
  const cli = new CliUser();
  after(() => cli.cleanup());

  before(async () => {
    const s = sys();
    const user = await s.createUser('doc@example.com');
    await s.waitForGrantInConnector(await s.grant({ user: user.name }, 'view', 'production'));
    for (const args of [
      ['login', s.url, '--key', user.key],
      ['use', 'production'],
    ]) {
      const r = await cli.infra(args);
      assert.equal(r.code, 0, r.stderr);
    }
  });

  const doctor = async (...args: string[]) => {
    const r = await within('infra doctor to finish', cli.infra(['doctor', ...args]), DOCTOR_DEADLINE_MS);
    return {
      ...r,
      line: (check: string) =>
        r.stdout.split('\n').find((l) => l.slice(2).startsWith(`${check}: `)) ??
        `(no "${check}" line in:\n${r.stdout})`,
    };
  };

  it('all green: one ✓ line per check, exit 0, and the same as JSON', async () => {
    const s = sys();
    const r = await doctor();
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(
      r.stdout
        .trimEnd()
        .split('\n')
        .map((l) => l.split(':')[0] + (l.startsWith('✓ production') ? `:${l.split(':')[1]}` : '')),
      [
        '✓ server',
        '✓ clock',
        '✓ session',
        '✓ kubeconfig',
        '✓ current context',
        '✓ production: connector',
        '✓ production: proxy TLS',
        '✓ production: authenticated request',
        '✓ production: WebSocket upgrade',
      ],
    );
    assert.equal(r.line('current context'), '✓ current context: kubectl uses infra:production');
    assert.match(
      r.line('production: connector'),
      /^✓ production: connector: the connector is connected \(last seen (just now|\d+ seconds ago)\)$/,
    );
    assert.equal(
      r.line('production: proxy TLS'),
      `✓ production: proxy TLS: ${s.connector.proxyUrl} answers TLS, its certificate verified with the CA in kubeconfig`,
    );
    assert.equal(
      r.line('production: authenticated request'),
      '✓ production: authenticated request: a SelfSubjectReview through the proxy says Kubernetes sees you as doc@example.com',
    );
    assert.match(
      r.line('production: WebSocket upgrade'),
      /^✓ production: WebSocket upgrade: a WebSocket watch of pods in default was upgraded through the proxy/,
    );
    assert.ok(
      s.kube.requests.some(
        (q) => q.path === '/api/v1/namespaces/default/pods' && q.user === 'doc@example.com' && q.status === 101,
      ),
      'the upgrade reached the API server as the user',
    );

    const json = JSON.parse((await doctor('-o', 'json')).stdout) as {
      ok: boolean;
      checks: { check: string; destination?: string; status: string }[];
    };
    assert.equal(json.ok, true);
    assert.deepEqual(
      json.checks.filter((c) => c.destination).map((c) => `${c.destination} ${c.check} ${c.status}`),
      [
        'production connector ok',
        'production proxy TLS ok',
        'production authenticated request ok',
        'production WebSocket upgrade ok',
      ],
    );
  });

  it('with only a namespace granted, the upgrade is tried in that namespace', async () => {
    const s = sys();
    const user = await s.createUser('web-only@example.com');
    await s.waitForGrantInConnector(await s.grant({ user: user.name }, 'view', 'production.web'));
    const other = new CliUser();
    try {
      for (const args of [
        ['login', s.url, '--key', user.key],
        ['use', 'production.web'],
      ])
        assert.equal((await other.infra(args)).code, 0);
      const r = await within('infra doctor to finish', other.infra(['doctor']), DOCTOR_DEADLINE_MS);
      assert.equal(r.code, 0, r.stdout);
      assert.match(r.stdout, /^✓ current context: kubectl uses infra:production\.web$/m);
      assert.match(r.stdout, /^✓ production: WebSocket upgrade: a WebSocket watch of pods in web was upgraded/m);
    } finally {
      other.cleanup();
    }
  });

  it('a deleted context: ✗ kubeconfig and ✗ current context, and the fix they name works', async () => {
    const doc = YAML.parse(readFileSync(cli.kubeconfig, 'utf8')) as { contexts: { name: string }[] };
    doc.contexts = doc.contexts.filter((c) => c.name !== 'infra:production');
    writeFileSync(cli.kubeconfig, YAML.stringify(doc));
    const r = await doctor();
    assert.equal(r.code, 1);
    assert.equal(
      r.line('kubeconfig'),
      `✗ kubeconfig: ${cli.kubeconfig}: context infra:production is missing — fix: run \`infra list\`, which rewrites Infra's entries`,
    );
    assert.equal(
      r.line('current context'),
      `✗ current context: the current context infra:production is not in ${cli.kubeconfig} — fix: run \`infra use production\``,
    );
    assert.match(r.stderr, /2 checks failed/);

    assert.equal((await cli.infra(['use', 'production'])).code, 0);
    assert.equal((await doctor()).code, 0, 'the fix it named made doctor green');
  });

  it('a load balancer that drops Upgrade: only ✗ WebSocket upgrade, with the fix', async () => {
    const s = sys();
    const tls = selfSigned(s.dir);
    const certFile = join(s.dir, 'balancer.pem');
    const keyFile = join(s.dir, 'balancer-key.pem');
    writeFileSync(certFile, tls.cert);
    writeFileSync(keyFile, tls.key);
    const balancer = new UpgradeStrippingBalancer(tls, tls.cert);
    const publicUrl = await balancer.listen();
    // The connector announces the balancer as its address, with the certificate the balancer serves.
    await s.stopConnector();
    const quiet = connectorLogger('silent');
    const listen = `127.0.0.1:${await freePort()}`; // proxyUrl is the public URL: the balancer needs the listen address
    balancer.target = `https://${listen}`;
    const env = {
      ...s.connectorEnv(s.destination, s.connectorKey),
      INFRA_PROXY_LISTEN: listen,
      INFRA_PROXY_PUBLIC_URL: publicUrl,
      INFRA_PROXY_TLS_CERT_FILE: certFile,
      INFRA_PROXY_TLS_KEY_FILE: keyFile,
    };
    const behind = await startConnector(loadConfig(env), { logger: quiet, backoff: { initialMs: 100, maxMs: 1_000 } });
    try {
      await eventually(
        'the destination to show the balancer',
        async () =>
          (await s.destinationRecord())?.url === publicUrl && (await s.destinationRecord())?.connected === true,
      );
      assert.equal((await cli.infra(['list'])).code, 0);
      const r = await doctor();
      assert.equal(r.code, 1, r.stdout);
      assert.deepEqual(
        r.stdout
          .trimEnd()
          .split('\n')
          .filter((l) => !l.startsWith('✓')),
        [
          `✗ production: WebSocket upgrade: the Upgrade header was dropped on the way: a WebSocket watch was answered as a plain request (HTTP 200) — fix: ask your Infra admin to let upgrades through to the connector: a load balancer or ingress in front of ${publicUrl} must pass the Upgrade and Connection headers over HTTP/1.1, or pass TLS through untouched`,
        ],
      );
      const exec = await cli.kubectl(['auth', 'whoami']);
      assert.equal(exec.code, 0, `plain requests still work through the balancer: ${exec.stderr}`);
    } finally {
      await behind.stop();
      await balancer.close();
      await s.startConnector();
      assert.equal((await cli.infra(['list'])).code, 0);
    }
  });

  it('the connector stopped: ✗ connector and ✗ proxy TLS, each with its fix', async () => {
    const s = sys();
    const proxyUrl = s.connector.proxyUrl;
    await s.stopConnector();
    try {
      await eventually(
        'the server to show the destination disconnected',
        async () => (await s.destinationRecord())?.connected === false,
      );
      const r = await doctor();
      assert.equal(r.code, 1);
      assert.match(
        r.line('production: connector'),
        /^✗ production: connector: the connector is not connected to the Infra server \(last seen .*\).* — fix: ask your Infra admin to check the connector of production: its pod and logs in the cluster, and that it reaches the server's gRPC address$/,
      );
      assert.equal(
        r.line('production: proxy TLS'),
        `✗ production: proxy TLS: cannot reach the connector's proxy at ${proxyUrl} (connection refused) — fix: ask your Infra admin to make ${proxyUrl} reachable from here (the connector's INFRA_PROXY_PUBLIC_URL and the Service or load balancer in front of it)`,
      );
      assert.match(r.line('production: WebSocket upgrade'), /^- production: WebSocket upgrade: not tried/);
      assert.match(r.line('server'), /^✓/, 'the server itself is fine');
    } finally {
      await s.startConnector();
    }
  });
});
