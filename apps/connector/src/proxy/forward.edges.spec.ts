// Plain requests at their edges, through the proxy to an API server each test scripts: bodies and responses stream
// both ways without being held, clients that leave or servers that fail get the right status (and an audit record),
// and headers that belong to one hop, or that would choose an identity, never cross.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { within } from '../testing/deadline.js';
import { assertStatus, ProxyHarness } from '../testing/proxy-harness.js';
import { generateServingCert, type ServingCert } from '../tls.js';
import { Upstream } from './upstream.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

describe('kubectl proxy: plain requests at the edges', function () {
  this.timeout(60_000);
  let h: ProxyHarness;
  let cert: ServingCert;
  let api: https.Server;
  let apiUrl: URL;
  let handler: Handler;
  let arrivals: IncomingMessage[];

  const upstreamAt = (url: URL) =>
    new Upstream(url, { ca: Buffer.from(cert.caPem), rejectUnauthorized: true }, async () => 'Bearer connector-sa');

  before(async () => {
    h = await ProxyHarness.create();
    cert = await generateServingCert(['127.0.0.1']);
    api = https.createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
      arrivals.push(req);
      handler(req, res);
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    apiUrl = new URL(`https://127.0.0.1:${(api.address() as AddressInfo).port}`);
  });
  after(async () => {
    await h.stop();
    api.closeAllConnections();
    await new Promise((r) => api.close(r));
  });
  beforeEach(async () => {
    await h.reset();
    await h.useUpstream(upstreamAt(apiUrl));
    arrivals = [];
    handler = (req, res) => req.resume().on('end', () => res.end('{}'));
  });

  /** Starts a request as bob (or with `headers` as given); the caller writes the body and ends it. */
  async function start(
    method: string,
    path: string,
    headers: Record<string, string> = {},
    agent: https.Agent | false = false,
  ) {
    const auth = { Authorization: `Bearer ${await h.tokenFor()}` };
    const req = https.request(`${h.proxyUrl}${path}`, {
      method,
      headers: { ...auth, ...headers },
      ca: h.cert.caPem,
      agent,
    });
    const response = within(
      `the proxy's answer to ${method} ${path}`,
      once(req, 'response').then(([r]) => r as IncomingMessage),
    );
    return { req, response };
  }

  async function text(res: IncomingMessage): Promise<string> {
    let out = '';
    for await (const chunk of res) out += String(chunk);
    return out;
  }

  /** The audit record of the one request to `path`, once the proxy wrote it. */
  async function audited(path: string) {
    return within(
      `an audit record of ${path}`,
      (async () => {
        for (;;) {
          const event = h.audit.find((e) => e.path === path);
          if (event) return event;
          await new Promise((r) => setTimeout(r, 10));
        }
      })(),
    );
  }

  function upstreamClosed(req: IncomingMessage, why: string): Promise<unknown> {
    return within<unknown>(why, req.socket.destroyed ? Promise.resolve() : once(req.socket, 'close'));
  }

  it('streams a request body upstream as it arrives, before the client has sent all of it', async () => {
    let firstChunk!: () => void;
    const gotFirst = new Promise<void>((r) => (firstChunk = r));
    handler = (req, res) => {
      let bytes = 0;
      req.on('data', (c: Buffer) => ((bytes += c.length), firstChunk()));
      req.on('end', () => res.end(JSON.stringify({ bytes })));
    };
    const { req, response } = await start('POST', '/api/v1/namespaces/default/configmaps', {
      'Transfer-Encoding': 'chunked',
    });
    req.write(Buffer.alloc(1000, 1));
    await within('the API server receiving the first chunk while the client still sends', gotFirst);
    req.end(Buffer.alloc(5000, 2));
    assert.deepEqual(JSON.parse(await text(await response)), { bytes: 6000 });
  });

  it('sends a chunked DELETE body (DeleteOptions) on whole, still chunked, not as Content-Length: 0', async () => {
    handler = (req, res) =>
      void text(req).then((body) =>
        res.end(JSON.stringify({ body, te: req.headers['transfer-encoding'], cl: req.headers['content-length'] })),
      );
    const { req, response } = await start('DELETE', '/api/v1/namespaces/default/pods/web', {
      'Transfer-Encoding': 'chunked',
    });
    const options = '{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Foreground"}';
    req.end(options);
    const res = await response;
    const seen = await text(res);
    assert.equal(res.statusCode, 200, `the API server could not read the request: ${seen}`);
    assert.deepEqual(JSON.parse(seen), { body: options, te: 'chunked' });
  });

  it('answers Expect: 100-continue itself, only after the access check, and sends the body on without it', async () => {
    let expectSeen: string | undefined = 'not yet';
    handler = (req, res) => {
      expectSeen = req.headers.expect;
      void text(req).then((body) => res.end(body));
    };
    const { req, response } = await start('POST', '/api/v1/namespaces/default/configmaps', {
      Expect: '100-continue',
      'Content-Length': '5',
    });
    req.on('continue', () => req.end('hello'));
    assert.equal(await text(await response), 'hello');
    assert.equal(expectSeen, undefined, 'the API server got no Expect header');

    const refused = https.request(`${h.proxyUrl}/api/v1/pods`, {
      method: 'POST',
      headers: { Authorization: 'Bearer not-a-token', Expect: '100-continue', 'Content-Length': '5' },
      ca: h.cert.caPem,
      agent: false,
    });
    let continued = false;
    refused.on('continue', () => (continued = true));
    const [res] = (await within('the refusal of an unauthenticated Expect request', once(refused, 'response'))) as [
      IncomingMessage,
    ];
    assert.equal(res.statusCode, 401);
    assert.equal(continued, false, 'an unauthenticated client was not asked for its body');
    refused.destroy();
  });

  it('audits a client that leaves before the answer as 499 and aborts its request upstream', async () => {
    handler = () => {}; // never answers
    const { req } = await start('GET', '/api/v1/namespaces/default/pods/slow');
    req.on('error', () => {});
    req.end();
    await within(
      'the request reaching the API server',
      (async () => {
        while (arrivals.length === 0) await new Promise((r) => setTimeout(r, 10));
      })(),
    );
    const aborted = upstreamClosed(arrivals[0]!, 'the upstream request being aborted after the client left');
    req.destroy();
    await aborted;
    assert.equal((await audited('/api/v1/namespaces/default/pods/slow')).status, 499);
  });

  it('aborts the upstream request when the client leaves in the middle of a response', async () => {
    handler = (_req, res) => res.write('{"partial":'); // headers and the first bytes, then nothing
    const { req, response } = await start('GET', '/api/v1/namespaces/default/pods/log');
    req.on('error', () => {});
    req.end();
    const res = await response;
    await within('the first bytes of the body', once(res, 'data'));
    const aborted = upstreamClosed(arrivals[0]!, 'the upstream request being aborted after the client left mid-body');
    req.destroy();
    await aborted;
    assert.equal((await audited('/api/v1/namespaces/default/pods/log')).status, 200, 'the status the client was sent');
  });

  it('answers 502 with a Status when the API server refuses connections', async () => {
    const closed = https.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await h.useUpstream(upstreamAt(new URL(`https://127.0.0.1:${port}`)));
    assertStatus(await h.asBob('/api/v1/pods'), 502, /could not be reached: .*ECONNREFUSED/);
    assert.equal((await audited('/api/v1/pods')).status, 502);
  });

  it('answers 504 with a Status when the API server does not start answering in time, and aborts the request', async () => {
    await h.useUpstream(upstreamAt(apiUrl), h.state, { responseHeaderTimeoutMs: 300 });
    handler = () => {};
    assertStatus(await h.asBob('/api/v1/pods'), 504, /did not answer within 0\.3 s/);
    await upstreamClosed(arrivals[0]!, 'the upstream request being aborted at the deadline');
    assert.equal((await audited('/api/v1/pods')).status, 504);
  });

  it('does not cut a response whose headers came in time but whose body is slower than the deadline', async () => {
    await h.useUpstream(upstreamAt(apiUrl), h.state, { responseHeaderTimeoutMs: 300 });
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.flushHeaders();
      setTimeout(() => res.end('{"type":"ADDED"}\n'), 600);
    };
    const { req, response } = await start('GET', '/api/v1/pods?watch=true');
    req.end();
    assert.equal(await text(await response), '{"type":"ADDED"}\n');
  });

  it('drops hop-by-hop headers both ways, and those a Connection header names', async () => {
    handler = (req, res) => {
      req.resume();
      res.writeHead(200, [
        'Connection',
        'X-Resp-Hop',
        'X-Resp-Hop',
        '1',
        'Keep-Alive',
        'timeout=5',
        'Proxy-Connection',
        'keep-alive',
        'Trailer',
        'X-Checksum',
        'X-Kept',
        'yes',
        'Content-Type',
        'application/json',
      ]);
      res.end(JSON.stringify(Object.keys(req.headers).sort()));
    };
    const { req, response } = await start('GET', '/api/v1/pods', {
      Connection: 'keep-alive, X-Hop',
      'X-Hop': '1',
      'Keep-Alive': 'timeout=5',
      TE: 'trailers',
      'Proxy-Connection': 'keep-alive',
      'X-Kept': 'yes',
    });
    req.end();
    const res = await response;
    const upstreamSaw = JSON.parse(await text(res)) as string[];
    for (const hop of ['x-hop', 'keep-alive', 'te', 'proxy-connection'])
      assert.ok(!upstreamSaw.includes(hop), `${hop} reached the API server`);
    assert.ok(upstreamSaw.includes('x-kept'));
    for (const hop of ['x-resp-hop', 'keep-alive', 'proxy-connection', 'trailer'])
      assert.equal(res.headers[hop], undefined, `${hop} reached the client`);
    assert.equal(res.headers['x-kept'], 'yes');
    assert.equal(res.headers.connection, 'keep-alive');
  });

  it('refuses client Impersonate-* headers in any case, and never sends a client X-Remote-* header', async () => {
    for (const [name, value] of [
      ['impersonate-user', 'admin'],
      ['IMPERSONATE-GROUP', 'system:masters'],
      ['Impersonate-Extra-Scopes', 'x'],
    ]) {
      assertStatus(
        await h.asBob('/api/v1/secrets', { [name]: value }),
        403,
        /impersonation through Infra is not allowed/,
      );
    }
    assert.equal(arrivals.length, 0, 'no refused request reached the API server');
    handler = (req, res) =>
      res.end(JSON.stringify(req.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase())));
    const names = JSON.parse((await h.asBob('/api/v1/pods', { 'X-Remote-User': 'admin' })).body) as string[];
    assert.ok(!names.includes('x-remote-user'));
    assert.deepEqual(
      names.filter((n) => n === 'impersonate-user'),
      ['impersonate-user'],
      "exactly one Impersonate-User, the proxy's",
    );
  });

  it('relays a chunked response as it comes: headers first, then each chunk without waiting for the next', async () => {
    let clientGot!: (what: string) => void;
    const waitClient = (): Promise<string> => new Promise((r) => (clientGot = r));
    let next = waitClient();
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.flushHeaders();
      void within('the client receiving the headers before any body', next)
        .then(
          () => (
            (next = waitClient()),
            res.write('first\n'),
            within('the client receiving the first chunk before the second is sent', next)
          ),
        )
        .then(
          () => res.end('second\n'),
          () => res.destroy(),
        );
    };
    const { req, response } = await start('GET', '/api/v1/namespaces/default/pods/web/log?follow=true');
    req.end();
    const res = await response;
    assert.equal(res.headers['content-length'], undefined);
    clientGot('headers');
    const chunks: string[] = [];
    res.on('data', (c: Buffer) => (chunks.push(String(c)), clientGot('chunk')));
    await within('the end of the chunked response', once(res, 'end'));
    assert.equal(chunks.join(''), 'first\nsecond\n');
  });

  it('answers HEAD with the headers and no body, leaving the connection usable', async () => {
    handler = (req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1234' });
      res.end(req.method === 'HEAD' ? undefined : '{}'.padEnd(1234));
    };
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const head = await start('HEAD', '/api/v1/pods', {}, agent);
      head.req.end();
      const res = await head.response;
      assert.equal(res.headers['content-length'], '1234');
      assert.equal(await text(res), '');
      const get = await start('GET', '/api/v1/pods', {}, agent);
      get.req.end();
      assert.equal((await text(await get.response)).length, 1234);
      assert.equal(get.req.reusedSocket, true, 'the GET went on the connection the HEAD used');
    } finally {
      agent.destroy();
    }
  });

  it('streams a large response under backpressure: a client that stops reading stops the API server', async () => {
    const total = 96 << 20;
    let written = 0;
    handler = (req, res) => {
      req.resume();
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(total) });
      const chunk = Buffer.alloc(64 << 10, 7);
      const pump = () => {
        while (written < total) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    };
    const { req, response } = await start('GET', '/api/v1/namespaces/default/pods/web/log');
    req.end();
    const res = await response; // not read until the API server has stalled
    const stalledAt = await within(
      'the API server stalling while the client does not read',
      (async () => {
        for (let last = -1; ;) {
          await new Promise((r) => setTimeout(r, 300));
          if (written === last) return written;
          last = written;
        }
      })(),
    );
    assert.ok(
      stalledAt < total / 3,
      `the API server wrote ${stalledAt >> 20} of ${total >> 20} MB before the idle client stopped it`,
    );
    let received = 0;
    res.on('data', (c: Buffer) => (received += c.length));
    await within('the whole response once the client reads', once(res, 'end'), 20_000);
    assert.equal(received, total);
  });
});
