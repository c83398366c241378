// kubectl cp through the connector's proxy: exec with stdin and a tar stream each way, over WebSocket and SPDY,
// with the real kubectl 1.35 and 1.32; every byte is compared.
import assert from 'node:assert/strict';
import { KUBECTL_VERSIONS } from '@infra/kube-testing';
import { checkKubectlCp } from '@infra/kube-testing';
import { EXEC_TRANSPORTS } from './streams.js';
import { useSystem } from './testing.js';

describe('kubectl cp through the connector', function () {
  this.timeout(120_000);
  const sys = useSystem();
  let kubeconfig: string;

  before(async () => {
    const s = sys();
    const user = await s.createUser('copier@example.com');
    await s.waitForGrantInConnector(await s.grant({ user: user.name }, 'edit', 'production'));
    kubeconfig = await s.kubeconfig(user.key);
  });

  for (const [version, label] of KUBECTL_VERSIONS) {
    for (const { name: transport, env } of EXEC_TRANSPORTS) {
      it(`copies a file and a directory tree into a pod and back out with kubectl ${label} over ${transport}`, async () => {
        const s = sys();
        const pod = `copy-${version}-${transport.toLowerCase()}`;
        s.kube.addPod({ name: pod });
        const counter = transport === 'SPDY' ? 'spdyExec' : 'websocketExec';
        const before = s.kube.counters[counter];
        await checkKubectlCp((args) => s.kubectl(args, { kubeconfig, version, env }), pod);
        assert.ok(s.kube.counters[counter] > before, `the copies went over ${transport}`);
        const copies = s.kube.requests.filter(
          (q) => q.user === 'copier@example.com' && q.path.endsWith(`/pods/${pod}/exec`),
        );
        assert.ok(copies.length >= 5, 'each copy reached the API server as the user');
      });
    }
  }
});
