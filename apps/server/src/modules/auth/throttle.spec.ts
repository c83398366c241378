// Login, key and token endpoints are throttled per client address and per user name (429 + Retry-After),
// password checks queue instead of piling up, and failed logins are audited.
import assert from 'node:assert/strict';
import { Clock } from '../../common/clock.js';
import { adminGrpcClient } from '../../testing/grpc-client.js';
import type { TestServer } from '../../testing/test-server.js';
import { useTestServer } from '../../testing/mocha.js';
import { TestClient } from '../../testing/test-client.js';
import { createUserWithKey } from '../../testing/fixtures.js';

const WINDOW_S = 60;
const PER_NAME = 3;
const PER_ADDRESS = 5;
const PER_USER = 3;

describe('throttling of login, keys and tokens', function () {
  this.timeout(30_000);
  let server: TestServer;
  let admin: TestClient;
  let anon: TestClient;
  let offsetMs = 0;

  useTestServer(
    {
      env: {
        INFRA_THROTTLE_WINDOW: String(WINDOW_S),
        INFRA_LOGIN_PER_NAME: String(PER_NAME),
        INFRA_LOGIN_PER_ADDRESS: String(PER_ADDRESS),
        INFRA_CREDENTIALS_PER_USER: String(PER_USER),
        INFRA_PASSWORD_CHECKS_AT_ONCE: '1',
        INFRA_PASSWORD_CHECKS_QUEUED: '1',
      },
    },
    async (s) => {
      server = s;
      admin = new TestClient(server.url, server.adminKey);
      anon = admin.as(undefined);
      // A clock that only moves when a test moves it: windows end exactly where the test says.
      const clock = server.running().app.get(Clock);
      const base = Date.now();
      clock.now = () => new Date(base + offsetMs);
    },
  );
  // Each test starts in a fresh window.
  beforeEach(() => {
    offsetMs += WINDOW_S * 1000;
  });

  const login = (name: string, password = 'wrong password') => anon.post('/api/login', { name, password });

  it(`the ${PER_NAME} logins a window allows per name get their answer; the next gets 429 with Retry-After`, async () => {
    for (let i = 0; i < PER_NAME; i++)
      assert.equal((await login('target@example.com')).status, 401, `attempt ${i + 1}`);
    const over = await login('Target@Example.com');
    assert.equal(over.status, 429, JSON.stringify(over.body));
    assert.match(over.body.message, /too many login attempts for "target@example.com"; try again in \d+ s/);
    const retryAfter = Number(over.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= WINDOW_S, `Retry-After: ${over.headers.get('retry-after')}`);
  });

  it('a throttled name opens again once its window has passed', async () => {
    for (let i = 0; i < PER_NAME; i++) await login('patient@example.com');
    assert.equal((await login('patient@example.com')).status, 429);
    offsetMs += (WINDOW_S - 1) * 1000;
    assert.equal((await login('patient@example.com')).status, 429, 'one second before the window ends');
    offsetMs += 1000;
    assert.equal((await login('patient@example.com')).status, 401, 'when the window ends');
  });

  it(`one address gets ${PER_ADDRESS} logins a window whatever names it tries`, async () => {
    for (let i = 0; i < PER_ADDRESS; i++)
      assert.equal((await login(`spray${i}@example.com`)).status, 401, `name ${i + 1}`);
    const over = await login('spray-last@example.com');
    assert.equal(over.status, 429);
    assert.match(over.body.message, /from your address/);
  });

  it('logging in with an access key counts against the address too', async () => {
    for (let i = 0; i < PER_ADDRESS; i++) await anon.post('/api/login', { accessKey: 'nope.nopenopenopenopenope' });
    assert.equal((await anon.post('/api/login', { accessKey: 'nope.nopenopenopenopenope' })).status, 429);
  });

  it(`a user gets ${PER_USER} key creations and token requests a window; the next gets 429`, async () => {
    const user = await createUserWithKey(admin, `keymaker-${offsetMs}`);
    offsetMs += WINDOW_S * 1000;
    assert.equal((await user.client.post('/api/keys', {})).status, 201);
    assert.equal((await user.client.post('/api/keys', {})).status, 201);
    assert.equal((await user.client.post('/api/tokens', { destination: 'nowhere' })).status, 404);
    const over = await user.client.post('/api/tokens', { destination: 'nowhere' });
    assert.equal(over.status, 429, JSON.stringify(over.body));
    assert.ok(Number(over.headers.get('retry-after')) >= 1);
    assert.equal((await user.client.post('/api/keys', {})).status, 429);
    assert.equal((await admin.post('/api/keys', {})).status, 201, 'another user is not held back');
  });

  it('the gRPC Login is throttled like the REST one', async () => {
    const grpc = adminGrpcClient(server.grpcAddress!);
    try {
      for (let i = 0; i < PER_NAME; i++) {
        await assert.rejects(
          grpc.call('AuthService', 'Login', { name: 'grpc@example.com', password: 'wrong password' }),
          (e: { code?: number }) => e.code === 16,
        );
      }
      await assert.rejects(
        grpc.call('AuthService', 'Login', { name: 'grpc@example.com', password: 'wrong password' }),
        (e: { code?: number; details?: string; metadata?: { get(k: string): unknown[] } }) =>
          e.code === 8 &&
          /too many login attempts/.test(e.details ?? '') &&
          Number(e.metadata?.get('retry-after')[0]) >= 1,
      );
    } finally {
      grpc.close();
    }
  });

  it('password checks beyond one running and one waiting get 429 at once instead of queueing', async () => {
    const started = Date.now();
    const answers = await Promise.all(['q1', 'q2', 'q3', 'q4'].map((n) => login(`${n}@example.com`)));
    const statuses = answers.map((a) => a.status).sort();
    assert.ok(statuses.filter((s) => s === 429).length >= 1, `statuses ${statuses.join(', ')}`);
    const busy = answers.find((a) => a.status === 429)!;
    assert.match(busy.body.message, /too many passwords are being checked/);
    assert.ok(busy.headers.get('retry-after'));
    assert.ok(Date.now() - started < 20_000);
  });

  it('a failed login is audited with the name tried, the address and the reason, never the password', async () => {
    await admin.post('/api/users', { name: 'audited@example.com', password: 'the right one' });
    assert.equal((await login('audited@example.com', 'secret-guess-123')).status, 401);
    assert.equal((await login('ghost@example.com', 'secret-guess-456')).status, 401);
    const res = await admin.get('/api/audit?action=auth.login_failed&limit=100');
    assert.equal(res.status, 200);
    const rows = res.body.items as { targetName: string; clientIP: string; details: { reason: string } }[];
    const byName = new Map(rows.map((r) => [r.targetName, r]));
    assert.equal(byName.get('audited@example.com')?.details.reason, 'wrong password');
    assert.equal(byName.get('ghost@example.com')?.details.reason, 'unknown user');
    assert.match(byName.get('ghost@example.com')!.clientIP, /127\.0\.0\.1/);
    assert.doesNotMatch(JSON.stringify(rows), /secret-guess/);
  });
});
