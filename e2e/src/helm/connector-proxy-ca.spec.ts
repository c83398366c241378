// The connector chart's kept proxy CA: a namespaced Role that reads and updates (rotates) one Secret by name and may
// create it, the connector told where that Secret is and how to rotate it, and more than one replica allowed because
// they all serve that CA.
import assert from 'node:assert/strict';
import { useHelm } from './helm.js';
import { container, env, ofKind, only, type KubeObject } from './objects.js';

const CA_SECRET = 'infra-connector-proxy-ca';

describe('the connector chart keeps the proxy CA in a Secret', function () {
  this.timeout(60_000);
  const helm = useHelm('v35');
  let objects: KubeObject[];
  before(() => {
    objects = helm().render('connector');
  });

  it('tells the connector which Secret holds its CA', () => {
    assert.equal(env(container(only(objects, 'Deployment'))).get('INFRA_PROXY_CA_SECRET')?.value, `infra/${CA_SECRET}`);
  });

  it('tells the connector how to rotate it: 10 years, a fifth of that before the end, 30 days of overlap', () => {
    const vars = env(container(only(objects, 'Deployment')));
    assert.equal(vars.get('INFRA_PROXY_CA_VALIDITY')?.value, '3650d');
    assert.equal(vars.get('INFRA_PROXY_CA_ROTATE_BEFORE'), undefined, 'the connector defaults to a fifth');
    assert.equal(vars.get('INFRA_PROXY_CA_OVERLAP')?.value, '30d');
    assert.equal(vars.get('INFRA_PROXY_CA_CHECK_INTERVAL')?.value, '5m');
    const set = helm().render('connector', { values: { proxy: { ca: { rotateBefore: '400d', overlap: '60d' } } } });
    const setVars = env(container(only(set, 'Deployment')));
    assert.equal(setVars.get('INFRA_PROXY_CA_ROTATE_BEFORE')?.value, '400d');
    assert.equal(setVars.get('INFRA_PROXY_CA_OVERLAP')?.value, '60d');
    const bad = helm().template('connector', { values: { proxy: { ca: { overlap: '1 month' } } } });
    assert.notEqual(bad.status, 0, 'a duration that is not one rendered');
    assert.match(bad.stderr, /overlap/);
  });

  it('lets the connector get and update that one Secret and create secrets, in its own namespace only', () => {
    const role = only(objects, 'Role');
    assert.equal(role.metadata.namespace, 'infra');
    assert.deepEqual(role.rules, [
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'update'], resourceNames: [CA_SECRET] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
    ]);
    const binding = only(objects, 'RoleBinding');
    assert.equal(binding.metadata.namespace, 'infra');
    assert.deepEqual(binding.roleRef, {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: role.metadata.name,
    });
    assert.deepEqual(binding.subjects, [
      { kind: 'ServiceAccount', name: only(objects, 'ServiceAccount').metadata.name, namespace: 'infra' },
    ]);
    const clusterWide = only(objects, 'ClusterRole').rules.flatMap((r) => r.resources);
    assert.ok(!clusterWide.includes('secrets'), 'the ClusterRole names secrets');
  });

  it('keeps the Secret name a valid name under a long release name', () => {
    const long = helm().render('connector', { release: 'a'.repeat(53), values: { destination: 'prod' } });
    const ref = env(container(only(long, 'Deployment'))).get('INFRA_PROXY_CA_SECRET')?.value ?? '';
    const name = ref.split('/')[1];
    assert.ok(name.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name), name);
    assert.deepEqual(only(long, 'Role').rules[0].resourceNames, [name]);
  });

  it('runs more than one replica without a TLS Secret: they all read the same CA', () => {
    const two = helm().render('connector', { values: { replicaCount: 2 } });
    assert.equal(only(two, 'Deployment').spec.replicas, 2);
    assert.ok(env(container(only(two, 'Deployment'))).get('INFRA_PROXY_CA_SECRET'));
  });

  it('neither keeps a CA nor asks for secrets when the proxy has its own TLS Secret', () => {
    const own = helm().render('connector', {
      values: { replicaCount: 2, proxy: { tls: { secretName: 'proxy-cert' } } },
    });
    assert.deepEqual(ofKind(own, 'Role'), []);
    assert.deepEqual(ofKind(own, 'RoleBinding'), []);
    const ownVars = env(container(only(own, 'Deployment')));
    for (const name of ['INFRA_PROXY_CA_SECRET', 'INFRA_PROXY_CA_VALIDITY', 'INFRA_PROXY_CA_OVERLAP'])
      assert.equal(ownVars.get(name), undefined, name);
  });

  it('binds its listeners to listenHost, :: for IPv6-only clusters', () => {
    const v6 = env(container(only(helm().render('connector', { values: { listenHost: '::' } }), 'Deployment')));
    assert.equal(v6.get('INFRA_PROXY_LISTEN')?.value, ':::8443');
    assert.equal(v6.get('INFRA_HEALTH_LISTEN')?.value, ':::8081');
    const r = helm().template('connector', { values: { listenHost: 'localhost' } });
    assert.notEqual(r.status, 0, 'a host name rendered as listenHost');
    assert.match(r.stderr, /listenHost/);
  });
});
