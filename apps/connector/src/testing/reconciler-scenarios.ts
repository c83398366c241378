// Reconciler scenarios shared by the spec on the in-memory fake and the spec on the Kubernetes test server.
import assert from 'node:assert/strict';
import { grantBindingName, MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '@infra/access';
import { silentLogger } from '../log.js';
import { ConnectorState } from '../state/connector-state.js';
import { FakeClock, aChange, aGrant, aGroup, aSnapshot, aUser } from './fakes.js';
import type { RbacBinding, RbacClient } from '../rbac/rbac-client.js';
import { DESTINATION_LABEL, Reconciler, type ReconcileProblem } from '../rbac/reconciler.js';

/** What a reconciler scenario needs from a cluster: the RBAC client, and a way to make a namespace exist. */
export interface RbacEnvironment {
  client: RbacClient;
  ensureNamespace(name: string): Promise<void>;
}

const bob = aUser('bob@example.com');
const dev = aGroup('dev');

/** The scenarios, run against the in-memory fake here and against the Kubernetes test server in e2e-style specs. */
export function reconcilerScenarios(makeEnv: () => Promise<RbacEnvironment>): void {
  let env: RbacEnvironment;
  let clock: FakeClock;
  let state: ConnectorState;
  let reconciler: Reconciler;
  let reports: ReconcileProblem[][];
  let seq: number;

  beforeEach(async () => {
    env = await makeEnv();
    await env.ensureNamespace('web');
    clock = new FakeClock();
    state = new ConnectorState('production', clock);
    state.applySnapshot(aSnapshot({ sequence: 1, users: [bob], groups: [dev] }));
    seq = 1;
    reports = [];
    reconciler = new Reconciler({ state, client: env.client, logger: silentLogger, report: (p) => reports.push(p) });
  });

  const upsert = (g: ReturnType<typeof aGrant>) =>
    state.applyChange(aChange(++seq, { change: 'grantUpserted', grantUpserted: g }));
  const remove = (id: string) => state.applyChange(aChange(++seq, { change: 'grantRemoved', grantRemoved: id }));
  const ours = async () => env.client.listBindings(reconciler.selector);
  const find = async (name: string) => (await ours()).find((b) => b.name === name);

  it('renders a cluster grant as a ClusterRoleBinding and a namespace grant as a RoleBinding there', async () => {
    const cluster = aGrant({ userId: bob.id, resource: 'production', privilege: 'view' });
    const ns = aGrant({ groupId: dev.id, resource: 'production.web', privilege: 'edit' });
    upsert(cluster);
    upsert(ns);
    upsert(aGrant({ userId: bob.id, resource: 'production', privilege: 'connect' }));
    const result = await reconciler.reconcile();
    assert.equal(result.created, 2);
    const crb = await find(grantBindingName(cluster.id));
    assert.deepEqual(
      [crb?.kind, crb?.roleRef, crb?.subjects],
      ['ClusterRoleBinding', 'view', [{ kind: 'User', name: 'bob@example.com' }]],
    );
    const rb = await find(grantBindingName(ns.id));
    assert.deepEqual(
      [rb?.kind, rb?.namespace, rb?.roleRef, rb?.subjects],
      ['RoleBinding', 'web', 'edit', [{ kind: 'Group', name: 'dev' }]],
    );
    assert.equal((await ours()).length, 2, 'connect writes nothing');
    assert.deepEqual((await reconciler.reconcile()).created, 0, 'a second pass changes nothing');
  });

  it('touches nothing before the first snapshot arrives', async () => {
    const g = aGrant({ userId: bob.id, resource: 'production', privilege: 'view' });
    upsert(g);
    await reconciler.reconcile();
    const fresh = new Reconciler({
      state: new ConnectorState('production', clock),
      client: env.client,
      logger: silentLogger,
      report: () => {},
    });
    assert.equal((await fresh.reconcile()).deleted, 0);
    assert.equal((await ours()).length, 1);
    remove(g.id);
    await reconciler.reconcile();
  });

  it('deletes only its own bindings', async () => {
    const g = aGrant({ userId: bob.id, resource: 'production', privilege: 'view' });
    upsert(g);
    await reconciler.reconcile();
    const foreign = hand('ClusterRoleBinding', 'someone-elses', { team: 'platform' });
    const otherConnector = hand('ClusterRoleBinding', 'staging-binding', {
      [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
      [DESTINATION_LABEL]: 'staging',
    });
    await env.client.create(foreign);
    await env.client.create(otherConnector);
    remove(g.id);
    assert.equal((await reconciler.reconcile()).deleted, 1);
    assert.deepEqual(await ours(), []);
    const all = await env.client.listBindings(`${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`);
    assert.ok(all.some((b) => b.name === 'staging-binding'));
    assert.ok((await env.client.listBindings('team=platform')).some((b) => b.name === 'someone-elses'));
    await env.client.delete(foreign);
    await env.client.delete(otherConnector);
  });

  it('deletes and recreates a binding when the privilege (roleRef) changes', async () => {
    const g = aGrant({ userId: bob.id, resource: 'production.web', privilege: 'view' });
    upsert(g);
    await reconciler.reconcile();
    upsert({ ...g, privilege: 'edit' });
    assert.equal((await reconciler.reconcile()).recreated, 1);
    assert.equal((await find(grantBindingName(g.id)))?.roleRef, 'edit');
  });

  it('converges after hand edits: changed subjects are restored and deleted bindings come back', async () => {
    const g = aGrant({ userId: bob.id, resource: 'production', privilege: 'view' });
    upsert(g);
    await reconciler.reconcile();
    const edited = (await find(grantBindingName(g.id)))!;
    await env.client.replace({
      ...edited,
      subjects: [...edited.subjects, { kind: 'User', name: 'mallory@example.com' }],
    });
    assert.equal((await reconciler.reconcile()).updated, 1);
    assert.deepEqual((await find(grantBindingName(g.id)))?.subjects, [{ kind: 'User', name: 'bob@example.com' }]);
    await env.client.delete(edited);
    assert.equal((await reconciler.reconcile()).created, 1);
  });

  it('removes the binding of an expired grant', async () => {
    const g = aGrant({ userId: bob.id, resource: 'production', privilege: 'view', expiresAtMs: clock.now() + 60_000 });
    upsert(g);
    await reconciler.reconcile();
    clock.advance(60_000);
    assert.equal((await reconciler.reconcile()).deleted, 1);
    assert.deepEqual(await ours(), []);
  });

  it('reports a missing ClusterRole, a missing namespace and a name taken by an unmanaged object', async () => {
    const missingRole = aGrant({ userId: bob.id, resource: 'production', privilege: 'no-such-role' });
    const missingNs = aGrant({ userId: bob.id, resource: 'production.nowhere', privilege: 'view' });
    const taken = aGrant({ userId: bob.id, resource: 'production', privilege: 'view' });
    await env.client.create(hand('ClusterRoleBinding', grantBindingName(taken.id), {}));
    upsert(missingRole);
    upsert(missingNs);
    upsert(taken);
    const { problems } = await reconciler.reconcile();
    const byGrant = new Map(problems.map((p) => [p.grantId, p.message]));
    assert.match(byGrant.get(missingRole.id) ?? '', /ClusterRole "no-such-role" does not exist/);
    assert.match(byGrant.get(missingNs.id) ?? '', /namespace "nowhere" does not exist/);
    assert.match(byGrant.get(taken.id) ?? '', /already exists and is not managed by Infra/);
    assert.deepEqual(reports.at(-1), problems);
    await env.client.delete({ kind: 'ClusterRoleBinding', name: grantBindingName(taken.id) });
  });
}

function hand(kind: RbacBinding['kind'], name: string, labels: Record<string, string>): RbacBinding {
  return {
    kind,
    name,
    labels,
    annotations: {},
    roleRef: 'view',
    subjects: [{ kind: 'User', name: 'someone@example.com' }],
  };
}
