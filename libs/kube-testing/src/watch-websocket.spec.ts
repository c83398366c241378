import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { within } from './deadline.js';
import { useKubeServer } from './testing.js';

/** Opens a WebSocket watch; resolves with the handshake's status and the first message (the pod's ADDED event). */
function websocketWatch(
  url: string,
  ca: string,
  token: string,
): Promise<{ status: number; first?: { type: string; object: { metadata: { name: string } } } }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace('https', 'wss'), { ca, headers: { Authorization: `Bearer ${token}` } });
    ws.on('message', (data: Buffer) => {
      resolve({ status: 101, first: JSON.parse(data.toString()) });
      ws.close();
    });
    ws.on('unexpected-response', (_req, res) => (resolve({ status: res.statusCode ?? 0 }), ws.terminate()));
    ws.on('error', reject);
  });
}

describe('the Kubernetes test server: a watch over WebSocket', function () {
  this.timeout(30_000);
  const fx = useKubeServer({ namespaces: ['web'] });
  before(() => fx.server.addPod({ name: 'nginx', namespace: 'web' }));

  it('upgrades a watch and sends each event as one message, as the apiserver does', async () => {
    const r = await within(
      'the watch to open',
      websocketWatch(`${fx.server.url}/api/v1/namespaces/web/pods?watch=true`, fx.server.caPem, fx.server.adminToken),
    );
    assert.equal(r.status, 101);
    assert.deepEqual([r.first?.type, r.first?.object.metadata.name], ['ADDED', 'nginx']);
  });

  it('authorizes it as watch: a user without the right gets the 403 as a real HTTP answer', async () => {
    fx.user('nobody@example.com');
    const r = await within(
      'the refusal',
      websocketWatch(
        `${fx.server.url}/api/v1/namespaces/web/pods?watch=true`,
        fx.server.caPem,
        'token-nobody@example.com',
      ),
    );
    assert.equal(r.status, 403);
  });
});
