// kubectl cp straight against the test server: the simulated container's tar and files, over both exec transports.
import assert from 'node:assert/strict';
import { kubectl } from './kubectl/kubectl.js';
import { checkKubectlCp } from './kubectl/kubectl-cp.js';
import { KUBECTL_VERSIONS, useKubeServer } from './testing.js';

describe('kubectl cp on the Kubernetes test server', function () {
  this.timeout(120_000);
  const fx = useKubeServer();

  for (const [version, label] of KUBECTL_VERSIONS) {
    for (const [transport, env, counter] of [
      ['WebSocket', {}, 'websocketExec'],
      ['SPDY', { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' }, 'spdyExec'],
    ] as const) {
      it(`copies a file and a directory tree into a pod and back out with kubectl ${label} over ${transport}`, async () => {
        const pod = `cp-${version}-${transport.toLowerCase()}`;
        fx.server.addPod({ name: pod });
        const before = fx.server.counters[counter];
        await checkKubectlCp((args) => kubectl(args, { kubeconfig: fx.admin, version, env }), pod);
        assert.ok(fx.server.counters[counter] > before, `the copies went over ${transport}`);
      });
    }
  }
});
