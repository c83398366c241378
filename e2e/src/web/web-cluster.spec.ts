// Grants made in the web UI reach a cluster: the whole system (control server, Kubernetes API test server and a real
// connector on its gRPC stream, e2e/src/system) with an admin in chromium. A grant added on the Grants page becomes
// the RBAC binding the connector writes; removing it there deletes the binding. The bindings are found by their
// subject in the API server (not by the name the connector derives), so the test does not reuse the rule it checks.
import assert from 'node:assert/strict';
import { TestClient } from '@infra/server/testing';
import type { Browser, Page } from 'playwright-core';
import { useSystem } from '../system/testing.js';
import { eventually, expectStatus } from '../system/wait.js';
import { launchChromium } from './browser.js';
import { signedInUser } from './ui.js';

/** From "Add grant" in the browser to the binding in the API server: ~1 s when the rule holds; the machine is loaded. */
const CLUSTER_DEADLINE_MS = 10_000;
const RBAC = 'rbac.authorization.k8s.io/v1';

interface Binding {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  roleRef: { apiGroup: string; kind: string; name: string };
  subjects: { apiGroup: string; kind: string; name: string }[];
}

describe('web UI grants reach the cluster through a real connector', function () {
  this.timeout(120_000);
  const sys = useSystem({ namespaces: ['web', 'db'] });
  let browser: Browser;
  let admin: Page;

  before(async function () {
    this.timeout(90_000);
    const index = await fetch(`${sys().url}/`, { headers: { accept: 'text/html' } });
    assert.equal(index.status, 200, 'the server serves no web UI: build it first (node apps/web/build.mjs)');
    browser = await launchChromium();
    const rest = new TestClient(sys().url, sys().adminKey);
    admin = await signedInUser(browser, sys().url, rest, 'root@example.com', 'admin');
    await sys().createUser('dana@example.com');
    expectStatus(await sys().admin.post('/api/groups', { name: 'dba' }), 201);
  });

  after(async () => {
    await browser?.close();
  });

  /** The RoleBindings (any namespace) and ClusterRoleBindings whose subjects name `subject`. */
  function bindingsOf(subject: string): Binding[] {
    const all = [...sys().kube.list(RBAC, 'RoleBinding'), ...sys().kube.list(RBAC, 'ClusterRoleBinding')];
    return (all as unknown as Binding[]).filter((b) => b.subjects?.some((s) => s.name === subject));
  }

  async function oneBindingOf(subject: string, what: string): Promise<Binding> {
    await eventually(
      what,
      () => bindingsOf(subject).length > 0,
      CLUSTER_DEADLINE_MS,
      () => sys().connectorLog.join('\n'),
    );
    const found = bindingsOf(subject);
    assert.equal(found.length, 1, `one binding for ${subject}: ${JSON.stringify(found)}`);
    return found[0];
  }

  async function addGrant(kind: 'User' | 'Group', subject: string, role: string, resource: string): Promise<void> {
    const page = admin;
    await page.getByRole('link', { name: 'Grants' }).click();
    const form = page.getByRole('form', { name: 'Add a grant' });
    // Mantine's SegmentedControl hides its radio inputs under the labels: click the label.
    await form.getByText(kind, { exact: true }).click();
    await form.getByLabel(`${kind} name`).fill(subject);
    await form.getByLabel(/^Role/).fill(role);
    await form.getByLabel('Resource').fill(resource);
    await form.getByRole('button', { name: 'Add grant' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${subject} has ${role} on ${resource}` })
      .waitFor();
  }

  async function removeGrant(subjectShown: string, role: string, resource: string): Promise<void> {
    const page = admin;
    await page.getByRole('link', { name: 'Grants' }).click();
    await page.getByRole('button', { name: `Remove ${role} on ${resource} from ${subjectShown}` }).click();
    await page
      .getByRole('table', { name: 'Grants' })
      .getByRole('row')
      .filter({ hasText: subjectShown })
      .filter({ hasText: resource })
      .waitFor({ state: 'detached' });
  }

  function assertOwned(b: Binding): void {
    assert.equal(b.metadata.labels?.['app.kubernetes.io/managed-by'], 'infra-connector', 'the connector owns it');
    assert.equal(b.metadata.labels?.['infrahq.com/destination'], 'production', 'labelled with its destination');
  }

  it('a user grant on a namespace becomes a RoleBinding there, and removing it in the UI deletes it', async () => {
    assert.deepEqual(bindingsOf('dana@example.com'), [], 'no binding before the grant');
    await addGrant('User', 'dana@example.com', 'edit', 'production.web');
    const b = await oneBindingOf('dana@example.com', 'the RoleBinding of the grant added in the UI');
    assert.equal(b.kind, 'RoleBinding');
    assert.equal(b.metadata.namespace, 'web');
    assert.deepEqual(b.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' });
    assert.deepEqual(b.subjects, [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'dana@example.com' }]);
    assertOwned(b);
    // What Kubernetes RBAC decides with it: edit in web, nothing in db.
    assert.equal(await sys().canI('dana@example.com', ['create', 'deployments', '-n', 'web']), 'yes');
    assert.equal(await sys().canI('dana@example.com', ['get', 'pods', '-n', 'db']), 'no');

    await removeGrant('dana@example.com', 'edit', 'production.web');
    await eventually(
      'the RoleBinding to be deleted after the grant was removed in the UI',
      () => bindingsOf('dana@example.com').length === 0,
      CLUSTER_DEADLINE_MS,
      () => sys().connectorLog.join('\n'),
    );
    assert.equal(await sys().canI('dana@example.com', ['create', 'deployments', '-n', 'web']), 'no');
  });

  it('a user grant on the destination becomes a ClusterRoleBinding, removed with the grant', async () => {
    await addGrant('User', 'dana@example.com', 'view', 'production');
    const b = await oneBindingOf('dana@example.com', 'the ClusterRoleBinding of the grant added in the UI');
    assert.equal(b.kind, 'ClusterRoleBinding');
    assert.equal(b.metadata.namespace, undefined);
    assert.deepEqual(b.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' });
    assert.deepEqual(b.subjects, [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'dana@example.com' }]);
    assertOwned(b);

    await removeGrant('dana@example.com', 'view', 'production');
    await eventually(
      'the ClusterRoleBinding to be deleted after the grant was removed in the UI',
      () => bindingsOf('dana@example.com').length === 0,
      CLUSTER_DEADLINE_MS,
    );
  });

  it('a group grant of admin on a namespace binds the group, removed with the grant', async () => {
    await addGrant('Group', 'dba', 'admin', 'production.db');
    const b = await oneBindingOf('dba', "the group's RoleBinding");
    assert.equal(b.kind, 'RoleBinding');
    assert.equal(b.metadata.namespace, 'db');
    assert.deepEqual(b.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' });
    assert.deepEqual(b.subjects, [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'dba' }]);
    assertOwned(b);

    await removeGrant('group dba', 'admin', 'production.db');
    await eventually(
      "the group's RoleBinding to be deleted after the grant was removed in the UI",
      () => bindingsOf('dba').length === 0,
      CLUSTER_DEADLINE_MS,
    );
  });
});
