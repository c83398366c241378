// Device login is throttled like login: starts and unknown device codes per client address, approvals per address
// and per approving user. Polls of a real code are bounded by slow_down instead, so a waiting CLI never runs out.
import assert from 'node:assert/strict';
import { Clock } from '../../common/clock.js';
import { useAdminServer } from '../../testing/mocha.js';

const WINDOW_S = 60;
const PER_ADDRESS = 4;
const PER_NAME = 3;

describe('throttling of device login', function () {
  this.timeout(20_000);
  const t = useAdminServer({
    env: {
      INFRA_THROTTLE_WINDOW: String(WINDOW_S),
      INFRA_LOGIN_PER_ADDRESS: String(PER_ADDRESS),
      INFRA_LOGIN_PER_NAME: String(PER_NAME),
    },
  });
  let offsetMs = 0;
  before(() => {
    const clock = t.server.running().app.get(Clock);
    const base = Date.now();
    clock.now = () => new Date(base + offsetMs);
  });
  beforeEach(() => {
    offsetMs += WINDOW_S * 1000;
  });
  const start = () => t.admin.as(undefined).post('/api/device');

  it(`one address may start ${PER_ADDRESS} device logins a window; the next gets 429 with Retry-After`, async () => {
    for (let i = 0; i < PER_ADDRESS; i++) assert.equal((await start()).status, 201, `start ${i + 1}`);
    const over = await start();
    assert.equal(over.status, 429, JSON.stringify(over.body));
    assert.ok(Number(over.headers.get('retry-after')) >= 1);
  });

  it(`${PER_ADDRESS} unknown device codes a window get invalid_grant; the next poll gets 429`, async () => {
    const anon = t.admin.as(undefined);
    for (let i = 0; i < PER_ADDRESS; i++)
      assert.equal((await anon.post('/api/device/token', { deviceCode: `guess-${i}` })).body.error, 'invalid_grant');
    assert.equal((await anon.post('/api/device/token', { deviceCode: 'guess-last' })).status, 429);
  });

  it('polling a real code at its interval never counts against the address', async () => {
    const s = (await start()).body;
    for (let i = 0; i < PER_ADDRESS * 2; i++) {
      const res = await t.admin.as(undefined).post('/api/device/token', { deviceCode: s.deviceCode });
      assert.equal(res.body.error, 'authorization_pending', `poll ${i + 1}`);
      offsetMs += 5_000;
    }
  });

  it(`an approving user gets ${PER_NAME} code attempts a window; the next gets 429`, async () => {
    for (let i = 0; i < PER_NAME; i++)
      assert.equal(
        (await t.admin.post('/api/device/approve', { userCode: 'BCDF-GHJK' })).status,
        404,
        `attempt ${i + 1}`,
      );
    assert.equal((await t.admin.post('/api/device/approve', { userCode: 'BCDF-GHJK' })).status, 429);
  });
});
