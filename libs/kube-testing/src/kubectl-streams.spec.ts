import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { kubectl, spawnKubectl } from './kubectl/kubectl.js';
import { KUBECTL_VERSIONS, useKubeServer } from './testing.js';

/** Sends `payload` through a forwarded local port and returns what came back when the peer closed. */
function roundTrip(port: number, payload: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const c = connect(port, '127.0.0.1', () => c.end(payload));
    c.on('data', (d: Buffer) => chunks.push(d));
    c.on('end', () => resolve(Buffer.concat(chunks)));
    c.on('error', reject);
  });
}

describe('kubectl watches, logs, exec and port-forward on the Kubernetes test server', function () {
  this.timeout(120_000);
  const fx = useKubeServer();
  before(() => {
    fx.server.addPod({ name: 'web' });
    for (const [version] of KUBECTL_VERSIONS)
      fx.server.addPod({ name: `logger-${version}`, log: 'first\nsecond\nthird\n' });
  });

  for (const [version, label] of KUBECTL_VERSIONS) {
    describe(`with kubectl ${label}`, () => {
      const opts = (env: Record<string, string> = {}) => ({ kubeconfig: fx.admin, version, env });

      it('get pods -w prints a pod created after the list', async () => {
        const watches = fx.server.counters.watches;
        const w = spawnKubectl(['get', 'pods', '-w'], opts());
        try {
          await w.waitFor(/web\s+1\/1\s+Running/);
          while (fx.server.counters.watches === watches) await new Promise((r) => setTimeout(r, 50));
          fx.server.addPod({ name: `late-${version}` });
          await w.waitFor(new RegExp(`late-${version}\\s+1/1\\s+Running`));
          assert.equal(w.stdout().match(/NAME\s+READY/g)?.length, 1, 'the header is printed once');
        } finally {
          await w.stop();
          fx.server.delete('v1', 'Pod', `late-${version}`);
        }
      });

      it('get -w exits when the server ends the watch', async () => {
        const watches = fx.server.counters.watches;
        const w = spawnKubectl(['get', 'ns', '-w'], opts());
        await w.waitFor(/default/);
        while (fx.server.counters.watches === watches) await new Promise((r) => setTimeout(r, 50));
        fx.server.closeStreams();
        const r = await w.exited;
        assert.equal(r.code, 0, r.stderr);
      });

      it('wait and rollout status see ready objects (1.35 watches with sendInitialEvents)', async () => {
        const wait = await kubectl(['wait', '--for=condition=Ready', 'pod/web', '--timeout=30s'], opts());
        assert.match(wait.stdout, /pod\/web condition met/, wait.stderr);
        fx.server.put({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: `rollout-${version}`, namespace: 'default' },
          spec: {
            replicas: 2,
            selector: { matchLabels: { app: 'r' } },
            template: { metadata: { labels: { app: 'r' } }, spec: { containers: [{ name: 'c', image: 'x' }] } },
          },
        });
        const rollout = await kubectl(['rollout', 'status', `deploy/rollout-${version}`, '--timeout=30s'], opts());
        assert.match(rollout.stdout, /successfully rolled out/, rollout.stderr);
      });

      it('logs -f streams lines appended after it started', async () => {
        const l = spawnKubectl(['logs', '-f', `logger-${version}`, '--tail=1'], opts());
        try {
          await l.waitFor(/third\n/);
          assert.doesNotMatch(l.stdout(), /second/);
          fx.server.appendLog('default', `logger-${version}`, `appended by ${version}\n`);
          await l.waitFor(new RegExp(`appended by ${version}`));
        } finally {
          await l.stop();
        }
      });

      for (const [transport, env, counter] of [
        ['WebSocket', {}, 'websocketExec'],
        ['SPDY', { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' }, 'spdyExec'],
      ] as const) {
        it(`exec over ${transport} passes stdout`, async () => {
          const before = fx.server.counters[counter];
          const r = await kubectl(['exec', 'web', '--', 'echo', 'hello', 'world'], opts(env));
          assert.equal(r.code, 0, r.stderr);
          assert.equal(r.stdout, 'hello world\n');
          assert.equal(fx.server.counters[counter], before + 1);
        });

        it(`exec over ${transport} streams every byte of head -c from /dev/zero`, async () => {
          const r = await kubectl(['exec', 'web', '--', 'head', '-c', '3M', '/dev/zero'], opts(env));
          assert.equal(r.code, 0, r.stderr);
          assert.equal(r.stdout.length, 3 * 1024 * 1024);
          assert.match(r.stdout, /^\0*$/);
        });

        it(`exec over ${transport} passes stdin through to the command`, async () => {
          const r = await kubectl(['exec', '-i', 'web', '--', 'cat'], { ...opts(env), input: 'line one\nline two\n' });
          assert.equal(r.code, 0, r.stderr);
          assert.equal(r.stdout, 'line one\nline two\n');
        });

        it(`attach over ${transport} connects stdin to the main process`, async () => {
          const r = await kubectl(['attach', '-i', 'web'], { ...opts(env), input: 'attached\n' });
          assert.equal(r.code, 0, r.stderr);
          assert.equal(r.stdout, 'attached\n');
        });

        it(`exec over ${transport} reports stderr and a non-zero exit code`, async () => {
          const r = await kubectl(['exec', 'web', '--', 'sh', '-c', 'echo to-out; echo to-err >&2; exit 3'], opts(env));
          assert.equal(r.code, 3);
          assert.equal(r.stdout, 'to-out\n');
          assert.match(r.stderr, /to-err\ncommand terminated with exit code 3/);
        });
      }

      it('an ungranted user gets 403 on exec', async () => {
        const kubeconfig = fx.user(`viewer-${version}`);
        fx.server.put({
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: { name: `viewer-${version}`, namespace: 'default' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
          subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: `viewer-${version}` }],
        });
        const r = await kubectl(['exec', 'web', '--', 'echo', 'hi'], { kubeconfig, version });
        assert.equal(r.code, 1);
        assert.match(
          r.stderr,
          new RegExp(
            `pods "web" is forbidden: User "viewer-${version}" cannot create resource "pods/exec" in API group "" in the namespace "default"`,
          ),
        );
      });

      for (const [transport, env, counter] of [
        ['SPDY tunnelled in WebSocket', {}, 'tunnelledPortForward'],
        ['plain SPDY', { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' }, 'spdyPortForward'],
      ] as const) {
        it(`port-forward over ${transport} moves bytes both ways`, async () => {
          const before = fx.server.counters[counter];
          const pf = spawnKubectl(['port-forward', 'pod/web', ':8080'], opts(env));
          try {
            const line = await pf.waitFor(/Forwarding from 127\.0\.0\.1:\d+/);
            const port = Number(line.split(':').pop());
            const big = Buffer.alloc(300_000, 'x');
            for (const payload of [Buffer.from('ping'), big]) {
              assert.deepEqual(await roundTrip(port, payload), payload);
            }
            assert.equal(fx.server.counters[counter], before + 1);
          } finally {
            await pf.stop();
          }
        });
      }
    });
  }
});
