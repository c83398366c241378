// The connector gives back the heap a burst of binding writes left (heap-compaction.ts): one memory-reducing GC once
// 500 writes have been followed by a quiet moment, none for fewer. The GC is counted, not run; heap-compaction.spec.ts
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

describe('a connector compacts its heap after a burst of RBAC writes', function () {
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

  it('compacts once after a pass that wrote 500 bindings', async () => {
    const { compactions, first } = await connectorWith(500);
    await within('a heap compaction after a pass that wrote 500 bindings', first);
    await quiet();
    assert.deepEqual(compactions, [500], 'one compaction, after the pass');
  });

  it('does not compact after a pass that wrote 499, and does once the writes since reach 500', async () => {
    const { rbac, compactions, first } = await connectorWith(499);
    await quiet();
    assert.deepEqual(compactions, [], 'no compaction after 499 writes');

    server.current!.call.write({
      change: aChange(2, {
        change: 'grantUpserted',
        grantUpserted: aGrant({ userId: bob.id, resource: 'production' }),
      }),
    });
    await within('a heap compaction once the writes add up to 500', first);
    assert.deepEqual(compactions, [500]);

    // The count starts again: one more write is not another burst.
    const gone = [...rbac.objects.values()][0].annotations['infrahq.com/grant-id'];
    server.current!.call.write({ change: aChange(3, { change: 'grantRemoved', grantRemoved: gone }) });
    await eventually(() => rbac.objects.size === 499, "the removed grant's binding deleted");
    await quiet();
    assert.deepEqual(compactions, [500], 'no second compaction for one write');
  });
});
