import assert from 'node:assert/strict';
import { kubeConfigFor } from '../testing/kubeconfig.js';
import { ScriptedApi, sendJson, status } from '../testing/scripted-api.js';
import { KubeApiError, KubeClient } from './api-client.js';

describe('Kubernetes API client', function () {
  this.timeout(20_000);
  let api: ScriptedApi;
  let client: KubeClient;
  before(async () => {
    api = await ScriptedApi.start();
    client = new KubeClient(kubeConfigFor(`${api.url}/prefix/`, api.caPem, 'sa-token'));
  });
  after(async () => {
    client.close();
    await api.stop();
  });
  beforeEach(() => api.seen.splice(0));

  it('lists with a label selector, with the credentials, under the server path', async () => {
    api.handler = (_req, res) => sendJson(res, 200, { kind: 'RoleBindingList', metadata: { resourceVersion: '7' }, items: [{ metadata: { name: 'a' } }] });
    const list = await client.list<{ metadata: { name: string } }>('/apis/rbac.authorization.k8s.io/v1/rolebindings', { labelSelector: 'app.kubernetes.io/managed-by=infra-connector', limit: undefined });
    assert.deepEqual(list.items.map((i) => i.metadata.name), ['a']);
    assert.equal(list.metadata?.resourceVersion, '7');
    assert.deepEqual(api.requests(), ['GET /prefix/apis/rbac.authorization.k8s.io/v1/rolebindings?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dinfra-connector']);
    assert.equal(api.seen[0].authorization, 'Bearer sa-token');
  });

  it('sends objects as JSON when creating and replacing, and deletes', async () => {
    api.handler = (req, res) => sendJson(res, req.method === 'POST' ? 201 : 200, req.body ? JSON.parse(req.body) : status(200, '', ''));
    const created = await client.create('/api/v1/namespaces', { metadata: { name: 'web' } });
    assert.deepEqual(created, { metadata: { name: 'web' } });
    await client.replace('/api/v1/namespaces/web', { metadata: { name: 'web', labels: { a: 'b' } } });
    await client.delete('/api/v1/namespaces/web');
    assert.deepEqual(api.requests(), ['POST /prefix/api/v1/namespaces', 'PUT /prefix/api/v1/namespaces/web', 'DELETE /prefix/api/v1/namespaces/web']);
    assert.deepEqual(JSON.parse(api.seen[1].body), { metadata: { name: 'web', labels: { a: 'b' } } });
  });

  it("turns a Status answer into a KubeApiError with the Status's code, reason and message", async () => {
    for (const [code, reason] of [[404, 'NotFound'], [409, 'AlreadyExists'], [409, 'Conflict'], [403, 'Forbidden'], [422, 'Invalid']] as const) {
      api.handler = (_req, res) => sendJson(res, code, status(code, reason, `rolebindings "x" ${reason}`));
      await assert.rejects(client.get('/apis/rbac.authorization.k8s.io/v1/namespaces/a/rolebindings/x'), (e: unknown) => {
        assert.ok(e instanceof KubeApiError);
        assert.deepEqual([e.code, e.reason, e.message], [code, reason, `rolebindings "x" ${reason}`]);
        return true;
      });
    }
  });

  it('reports an answer that is not a Status by its HTTP status and the start of its body', async () => {
    api.handler = (_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html>bad gateway</html>');
    };
    await assert.rejects(client.get('/version'), { name: 'KubeApiError', code: 502, reason: 'BadGateway', message: 'HTTP 502: <html>bad gateway</html>' });
    api.handler = (_req, res) => {
      res.writeHead(200);
      res.end('not json');
    };
    await assert.rejects(client.get('/version'), { code: 200, reason: 'BadResponse' });
  });

  it('fails a request the API server does not answer in time, and an unreachable server', async () => {
    const slow = new KubeClient(kubeConfigFor(api.url, api.caPem, 't'), { timeoutMs: 100 });
    api.handler = () => {}; // never answers
    try {
      await assert.rejects(slow.get('/version'), /no answer from the API server within 100 ms/);
    } finally {
      slow.close();
    }
    const gone = new KubeClient(kubeConfigFor('https://127.0.0.1:1', api.caPem, 't'));
    await assert.rejects(gone.get('/version'), /ECONNREFUSED/);
    gone.close();
  });

  it('refuses an API server whose certificate the configured CA did not sign', async () => {
    const other = await ScriptedApi.start();
    const wrong = new KubeClient(kubeConfigFor(api.url, other.caPem, 't'));
    try {
      await assert.rejects(wrong.get('/version'), /certificate/i);
    } finally {
      wrong.close();
      await other.stop();
    }
  });
});
