// Custom resources: a CustomResourceDefinition's kind is served (discovery, kubectl) only while the CRD is stored,
// and the policy kinds real clusters always serve (NetworkPolicy, PodDisruptionBudget) are there from the start.
import assert from 'node:assert/strict';
import { kubectl } from './kubectl/kubectl.js';
import { rawRequest, useKubeServer } from './testing.js';

const CRD = (name = 'widgets.example.com') => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${name}
spec:
  group: example.com
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget, shortNames: [wd] }
  versions:
    - name: v1
      served: true
      storage: true
      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
`;
const WIDGET = `apiVersion: example.com/v1
kind: Widget
metadata: { name: w1, namespace: default }
spec: { size: 3 }
`;

describe('custom resources and policy kinds on the Kubernetes test server', function () {
  this.timeout(120_000);
  const fx = useKubeServer();
  const run = (args: string[], input?: string) => kubectl(args, { kubeconfig: fx.admin, input });
  const apis = async () => (await rawRequest(fx.server, 'GET', '/apis', { token: fx.server.adminToken })).json();
  const groupNames = async () => ((await apis()).groups as { name: string }[]).map((g) => g.name);

  it('serves networking.k8s.io/v1 NetworkPolicy and policy/v1 PodDisruptionBudget from the start', async () => {
    const r = await run(['api-resources', '--api-group=policy', '-o', 'name']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'poddisruptionbudgets.policy');
    const pdb = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: web, namespace: default }
spec: { maxUnavailable: 1, selector: { matchLabels: { app: web } } }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web, namespace: default }
spec: { podSelector: {}, policyTypes: [Ingress] }
`;
    const applied = await run(['apply', '-f', '-'], pdb);
    assert.equal(applied.code, 0, applied.stderr);
    const got = await run(['get', 'pdb,netpol', '-o', 'name']);
    assert.deepEqual(got.stdout.trim().split('\n'), [
      'poddisruptionbudget.policy/web',
      'networkpolicy.networking.k8s.io/web',
    ]);
  });

  it('serves no custom kind before its CRD is stored', async () => {
    assert.ok(!(await groupNames()).includes('example.com'));
    const r = await run(['apply', '-f', '-'], WIDGET);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /no matches for kind "Widget" in version "example.com\/v1"/);
  });

  it('refuses a CRD whose name is not <plural>.<group>, with 422 naming the field', async () => {
    const r = await run(['apply', '-f', '-'], CRD('widget.example.com'));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /metadata\.name: Invalid value: "widget\.example\.com"/);
  });

  it('serves the kind once the CRD is stored: Established, in discovery, and kubectl reads and writes it', async () => {
    const created = await run(['apply', '-f', '-'], CRD());
    assert.equal(created.code, 0, created.stderr);
    const established = await run([
      'get',
      'crd',
      'widgets.example.com',
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Established")].status}',
    ]);
    assert.equal(established.stdout, 'True');
    assert.ok((await groupNames()).includes('example.com'));
    const applied = await run(['apply', '-f', '-'], WIDGET);
    assert.equal(applied.code, 0, applied.stderr);
    const got = await run(['get', 'wd', 'w1', '-o', 'jsonpath={.spec.size}']);
    assert.equal(got.stdout, '3', got.stderr);
  });

  it('stops serving the kind, and drops its objects, when the CRD is deleted', async () => {
    const deleted = await run(['delete', 'crd', 'widgets.example.com']);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.ok(!(await groupNames()).includes('example.com'));
    const r = await rawRequest(fx.server, 'GET', '/apis/example.com/v1/namespaces/default/widgets', {
      token: fx.server.adminToken,
    });
    assert.equal(r.status, 404);
    const again = await run(['apply', '-f', '-'], CRD());
    assert.equal(again.code, 0, again.stderr);
    const list = await run(['get', 'widgets', '-o', 'name']);
    assert.equal(list.stdout.trim(), '', 'a widget outlived its CRD');
  });
});
