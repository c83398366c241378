import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { eventually } from '../testing/fakes.js';
import { kubeConfigFor } from '../testing/kubeconfig.js';
import { ScriptedApi, openWatch, sendJson, status, watchEvent } from '../testing/scripted-api.js';
import { KubeClient } from './api-client.js';
import { ListWatch } from './list-watch.js';

const ns = (name: string, rv: string) => ({ metadata: { name, resourceVersion: rv } });

describe('list and watch', function () {
  this.timeout(20_000);
  let api: ScriptedApi;
  let client: KubeClient;
  let watch: ListWatch<{ metadata?: { name?: string } }> | undefined;
  let errors: string[];
  let watches: ServerResponse[];
  // The collection the scripted server lists, and what it does with a watch request (by its resourceVersion).
  let listed: { rv: string; items: object[] };
  let onWatch: (rv: string | null, res: ServerResponse) => void;

  before(async () => {
    api = await ScriptedApi.start();
    client = new KubeClient(kubeConfigFor(api.url, api.caPem, 't'));
  });
  after(async () => {
    client.close();
    await api.stop();
  });
  beforeEach(() => {
    api.seen.splice(0);
    errors = [];
    watches = [];
    api.handler = (req, res) => {
      if (req.url.searchParams.get('watch') !== 'true') return sendJson(res, 200, { kind: 'NamespaceList', metadata: { resourceVersion: listed.rv }, items: listed.items });
      watches.push(res);
      onWatch(req.url.searchParams.get('resourceVersion'), res);
    };
  });
  afterEach(() => watch?.stop());

  const start = async () => {
    watch = new ListWatch(client, '/api/v1/namespaces', { onChange: () => {}, onError: (e) => errors.push(e.message), backoff: { initialMs: 5, maxMs: 20 }, watchSeconds: 60 });
    await watch.start();
    return watch;
  };
  const names = () => [...watch!.items.values()].map((i) => i.metadata?.name).sort();
  const calls = () => api.requests().map((r) => r.replace(/&timeoutSeconds=\d+/, ''));

  it('lists, then applies watch events from the list resourceVersion, following bookmarks', async () => {
    listed = { rv: '10', items: [ns('a', '3'), ns('b', '4')] };
    onWatch = (_rv, res) => openWatch(res);
    const w = await start();
    assert.deepEqual(names(), ['a', 'b']);
    await eventually(() => watches.length === 1);
    watchEvent(watches[0], 'ADDED', ns('c', '11'));
    watchEvent(watches[0], 'DELETED', ns('a', '12'));
    watchEvent(watches[0], 'BOOKMARK', { kind: 'Namespace', metadata: { resourceVersion: '20' } });
    await eventually(() => names().join() === 'b,c');
    watches[0].end(); // the API server's watch timeout: resume from the bookmark, no new list
    await eventually(() => watches.length === 2);
    assert.deepEqual(calls(), [
      'GET /api/v1/namespaces',
      'GET /api/v1/namespaces?watch=true&allowWatchBookmarks=true&resourceVersion=10',
      'GET /api/v1/namespaces?watch=true&allowWatchBookmarks=true&resourceVersion=20',
    ]);
    assert.equal(w.items.size, 2);
    assert.deepEqual(errors, []);
  });

  it('reads an event split anywhere, even inside a character', async () => {
    listed = { rv: '1', items: [] };
    onWatch = (_rv, res) => openWatch(res);
    await start();
    await eventually(() => watches.length === 1);
    const line = Buffer.from(`${JSON.stringify({ type: 'ADDED', object: ns('café', '2') })}\n`);
    const cut = line.indexOf(Buffer.from('é')) + 1;
    watches[0].write(line.subarray(0, cut));
    await new Promise((r) => setTimeout(r, 20));
    watches[0].write(line.subarray(cut));
    await eventually(() => names().join() === 'café');
  });

  it('lists again when the watch answers 410 Gone', async () => {
    listed = { rv: '5', items: [ns('a', '1')] };
    onWatch = (rv, res) => {
      if (rv === '5') {
        listed = { rv: '9', items: [ns('a', '1'), ns('b', '8')] };
        return sendJson(res, 410, status(410, 'Expired', 'too old resource version: 5 (8)'));
      }
      openWatch(res);
    };
    await start();
    await eventually(() => names().join() === 'a,b');
    await eventually(() => calls().length === 4);
    assert.deepEqual(calls(), [
      'GET /api/v1/namespaces',
      'GET /api/v1/namespaces?watch=true&allowWatchBookmarks=true&resourceVersion=5',
      'GET /api/v1/namespaces',
      'GET /api/v1/namespaces?watch=true&allowWatchBookmarks=true&resourceVersion=9',
    ]);
    assert.deepEqual(errors, [], 'an expired resourceVersion is not reported as a failure');
  });

  it('lists again after an ERROR event with 410 in the stream, dropping what was deleted meanwhile', async () => {
    listed = { rv: '5', items: [ns('a', '1'), ns('gone', '2')] };
    onWatch = (rv, res) => {
      openWatch(res);
      if (rv === '5') {
        listed = { rv: '30', items: [ns('a', '1')] };
        watchEvent(res, 'ERROR', status(410, 'Expired', 'too old resource version'));
      }
    };
    await start();
    await eventually(() => names().join() === 'a');
    await eventually(() => calls().length === 4);
    assert.equal(calls()[3], 'GET /api/v1/namespaces?watch=true&allowWatchBookmarks=true&resourceVersion=30');
  });

  it('reports other failures and retries with backoff, listing until it works', async () => {
    let failures = 2;
    listed = { rv: '1', items: [ns('a', '1')] };
    onWatch = (_rv, res) => openWatch(res);
    api.handler = ((inner) => (req, res) => {
      if (failures-- > 0) return sendJson(res, 500, status(500, 'InternalError', 'etcd is down'));
      inner(req, res);
    })(api.handler);
    await start();
    await eventually(() => names().join() === 'a' && watches.length === 1);
    assert.deepEqual(errors, ['etcd is down', 'etcd is down']);
  });

  it('resumes from the last event seen when the connection drops', async () => {
    listed = { rv: '1', items: [] };
    onWatch = (_rv, res) => openWatch(res);
    await start();
    await eventually(() => watches.length === 1);
    watchEvent(watches[0], 'ADDED', ns('x', '2'));
    await eventually(() => names().join() === 'x');
    watches[0].socket?.destroy();
    await eventually(() => watches.length === 2);
    assert.equal(calls().at(-1), 'GET /api/v1/namespaces?watch=true&allowWatchBookmarks=true&resourceVersion=2');
    assert.equal(calls().filter((c) => !c.includes('watch=true')).length, 1, 'no second list');
  });

  it('stops without retrying', async () => {
    listed = { rv: '1', items: [] };
    onWatch = (_rv, res) => openWatch(res);
    const w = await start();
    await eventually(() => watches.length === 1);
    w.stop();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(watches.length, 1);
    assert.deepEqual(errors, []);
  });
});
