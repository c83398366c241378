// What the server writes to its log, read back line by line: one line per request with the request id the caller
// got in X-Request-Id, and no credential anywhere, whether it came in a header or in the body.
import assert from 'node:assert/strict';
import { memoryDestination } from '@infra/access/log';
import { serverLogger } from './logger.js';
import { useTestServer } from '../testing/mocha.js';
import type { TestServer } from '../testing/test-server.js';
import { within } from '../testing/deadline.js';

const PASSWORD = 'Correct-Horse-Battery-Staple-42';

describe('server logs', function () {
  this.timeout(120_000);
  const out = memoryDestination();
  let server: TestServer;
  useTestServer({ logger: serverLogger('info', out) }, (s) => void (server = s));

  /** The request line pino-http writes when the response with this id has finished. */
  async function requestLine(requestId: string): Promise<Record<string, unknown>> {
    const found = () => out.lines.find((l) => l.requestId === requestId && l.msg === 'request completed');
    await within(
      `the log line of request ${requestId}`,
      (async () => {
        while (!found()) await new Promise((r) => setTimeout(r, 10));
      })(),
    );
    return found()!;
  }

  it('logs each request once with the id of its X-Request-Id response header, and redacts the bearer key', async () => {
    const res = await fetch(`${server.url}/api/users/self`, {
      headers: { authorization: `Bearer ${server.adminKey}`, 'x-request-id': 'logs-spec.1' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-request-id'), 'logs-spec.1', 'a well-formed id from the caller is kept');
    const line = await requestLine('logs-spec.1');
    assert.equal(line.service, 'server');
    assert.equal(line.level, 'info');
    assert.deepEqual(line.res, { statusCode: 200 });
    const req = line.req as { method: string; path: string; headers: Record<string, string> };
    assert.deepEqual([req.method, req.path, req.headers.authorization], ['GET', '/api/users/self', '[redacted]']);
    assert.equal(out.lines.filter((l) => l.requestId === 'logs-spec.1').length, 1);
  });

  it('replaces a malformed X-Request-Id and logs the id it answered with', async () => {
    const res = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'not a sane id' } });
    const id = res.headers.get('x-request-id') ?? '';
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal((await requestLine(id)).requestId, id);
  });

  it('never writes a password, an access key or a bearer key, on success, refusal or a body it cannot parse', async () => {
    const post = (body: string, id: string) =>
      fetch(`${server.url}/api/login`, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${server.adminKey}`,
          cookie: `session=${PASSWORD}`,
          'x-request-id': id,
        },
      });
    const refused = await post(JSON.stringify({ name: 'admin', password: PASSWORD }), 'logs-spec.password');
    assert.equal(refused.status, 401);
    const loggedIn = await post(JSON.stringify({ accessKey: server.adminKey }), 'logs-spec.key');
    assert.equal(loggedIn.status, 201);
    const session = ((await loggedIn.json()) as { accessKey: string }).accessKey;
    const broken = await post(`{"password":"${PASSWORD}",`, 'logs-spec.broken');
    assert.equal(broken.status, 400);
    for (const id of ['logs-spec.password', 'logs-spec.key', 'logs-spec.broken']) await requestLine(id);
    assert.equal(
      (await requestLine('logs-spec.broken')).requestId,
      broken.headers.get('x-request-id'),
      'a body the parser refuses still gets its id',
    );

    const text = out.text();
    const secrets = {
      password: PASSWORD,
      'admin key secret': server.adminKey.split('.')[1]!,
      'session key secret': session.split('.')[1]!,
    };
    for (const [what, secret] of Object.entries(secrets))
      assert.ok(!text.includes(secret), `the ${what} is in the log`);
  });

  it('writes its start-up lines in the same format, the configuration redacted', () => {
    const starting = out.lines.find((l) => l.msg === 'starting') as
      { service: string; config: Record<string, unknown> } | undefined;
    assert.equal(starting?.service, 'server');
    assert.equal(starting.config.INFRA_ADMIN_ACCESS_KEY, '[redacted]');
    assert.ok(out.lines.some((l) => l.msg === 'listening'));
  });
});
