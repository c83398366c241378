import assert from 'node:assert/strict';
import { AuditBatcher, requestVerb, type AuditEvent } from './audit.js';

describe('proxy audit', () => {
  it('names the Kubernetes verb of a request', () => {
    const cases: [string, string, string][] = [
      ['GET', '/api/v1/namespaces/web/pods', 'list'],
      ['GET', '/api/v1/namespaces/web/pods?watch=true', 'watch'],
      ['GET', '/api/v1/namespaces/web/pods/p1', 'get'],
      ['GET', '/api/v1/namespaces/web', 'get'],
      ['GET', '/api/v1/namespaces', 'list'],
      ['POST', '/api/v1/namespaces/web/pods/p1/exec?command=sh', 'create'],
      ['PATCH', '/apis/apps/v1/namespaces/web/deployments/d', 'patch'],
      ['PUT', '/apis/rbac.authorization.k8s.io/v1/clusterroles/x', 'update'],
      ['DELETE', '/api/v1/namespaces/web/pods', 'deletecollection'],
      ['DELETE', '/api/v1/namespaces/web/pods/p1', 'delete'],
      ['GET', '/healthz', 'get'],
      ['GET', '/apis', 'get'],
    ];
    for (const [method, url, verb] of cases) assert.equal(requestVerb(method, url), verb, `${method} ${url}`);
  });

  it('sends events in batches of at most maxBatch, and the rest on flush', () => {
    const sent: AuditEvent[][] = [];
    const batcher = new AuditBatcher((e) => sent.push(e), { maxBatch: 2, flushMs: 60_000 });
    for (const id of ['a', 'b', 'c']) batcher.record({ requestId: id });
    assert.deepEqual(
      sent.map((b) => b.map((e) => e.requestId)),
      [['a', 'b']],
    );
    batcher.flush();
    assert.deepEqual(
      sent.map((b) => b.map((e) => e.requestId)),
      [['a', 'b'], ['c']],
    );
    batcher.flush();
    assert.equal(sent.length, 2);
  });
});
