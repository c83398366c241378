// The connector gives back the heap start-up and bursts of binding writes left (heap-compaction.ts): one
// memory-reducing GC once its first reconcile pass is done and quiet, whatever it wrote, and another only after 500
// more writes (the rule's boundaries: heap-compaction.rule.spec.ts). The GC is counted, not run; heap-compaction.spec.ts
// shows that the real one returns memory.
import assert from 'node:assert/strict';
import { startConnector, type RunningConnector } from './connector.js';
import { silentLogger } from './log.js';
import { FakeRbac } from './testing/fake-rbac.js';
import { FakeConnectorServer } from './testing/fake-server.js';
import { aChange, aGrant, aUser, eventually } from './testing/fakes.js';
import { kubeConfigFor } from './testing/kubeconfig.js';
import { within } from './testing/deadline.js';

const QUIET_MS = 50;

describe('a connector compacts its heap after its first reconcile pass and after bursts of RBAC writes', function () {
  this.timeout(60_000);
  const bob = aUser('bob@example.com');
  let server: FakeConnectorServer;
  let connector: RunningConnector | undefined;

  beforeEach(async () => {
    server = new FakeConnectorServer();
    await server.start();
  });
  afterEach(async () => {
    await connector?.stop();
    connector = undefined;
    await server.stop();
  });

  /** A connector whose first snapshot holds `grants` cluster-wide grants; resolves once all are bindings. */
  async function connectorWith(grants: number) {
    const rbac = new FakeRbac();
    const compactions: number[] = [];
    let compacted!: () => void;
    const first = new Promise<void>((r) => (compacted = r));
    const snapshot = Array.from({ length: grants }, () => aGrant({ userId: bob.id, resource: 'production' }));
    server.onRegister = (s, reg) => {
      s.call.write({ registered: { destinationId: 'd-1', destination: reg.destination } });
      s.call.write({ snapshot: { sequence: 1, users: [bob], grants: snapshot } });
    };
    connector = await startConnector(
      {
        server: { address: server.address, tls: { insecure: true } },
        accessKey: 'kid.secret',
        destination: 'production',
        proxy: { host: '127.0.0.1', port: 0 },
        kube: kubeConfigFor('https://127.0.0.1:1', '', 'connector-sa'),
        resyncIntervalMs: 600_000,
        heartbeatMs: 1_000,
      },
      {
        logger: silentLogger,
        rbac,
        watchNamespaces: false,
        heapCompaction: {
          quietMs: QUIET_MS,
          compact: () => {
            compactions.push(rbac.objects.size);
            compacted();
          },
        },
      },
    );
    await eventually(() => rbac.objects.size === grants, `${grants} bindings written`, 10_000);
    return { rbac, compactions, first };
  }

  const quiet = () => new Promise((r) => setTimeout(r, QUIET_MS * 10));

  it('compacts once after a first pass that wrote a few bindings, not again for one more write', async () => {
    const { rbac, compactions, first } = await connectorWith(20);
    await within('a heap compaction after the first pass', first);
    assert.deepEqual(compactions, [20], 'one compaction, after the first pass');

    const gone = [...rbac.objects.values()][0].annotations['infrahq.com/grant-id'];
    server.current!.call.write({ change: aChange(2, { change: 'grantRemoved', grantRemoved: gone }) });
    await eventually(() => rbac.objects.size === 19, "the removed grant's binding deleted");
    await quiet();
    assert.deepEqual(compactions, [20], 'no second compaction for one write');
  });

  it('compacts again once 500 bindings were written after the first compaction', async () => {
    const { rbac, compactions, first } = await connectorWith(1);
    await within('a heap compaction after the first pass', first);
    const burst = Array.from({ length: 500 }, () => aGrant({ userId: bob.id, resource: 'production' }));
    server.current!.call.write({ snapshot: { sequence: 2, users: [bob], grants: burst } });
    await eventually(() => compactions.length === 2, 'a second compaction after 500 more writes');
    // The new snapshot replaced the one grant: 500 creates and 1 delete, written before the GC.
    assert.deepEqual(compactions, [1, 500]);
    assert.equal(rbac.objects.size, 500);
  });
});
