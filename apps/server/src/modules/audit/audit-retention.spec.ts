// INFRA_AUDIT_RETENTION: the admin audit log keeps events for the retention and no longer. The server's clock is
// frozen so the cutoff falls on a known millisecond: an event exactly `retention` old is kept, one a millisecond
// older goes.
import assert from 'node:assert/strict';
import { SYSTEM_ACTOR } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { eventually } from '../../testing/test-connector.js';
import { useAdminServer } from '../../testing/mocha.js';
import { TestClient } from '../../testing/test-client.js';
import { startTestServer } from '../../testing/test-server.js';
import { AuditPruner } from './audit-pruner.js';
import { AuditService } from './audit.service.js';

const HOUR = 3600_000;

describe('admin audit retention', function () {
  this.timeout(30_000);
  const t = useAdminServer({ env: { INFRA_AUDIT_RETENTION: '1h' } });

  it('prunes events older than INFRA_AUDIT_RETENTION and keeps the one exactly at the cutoff', async () => {
    const app = t.server.running().app;
    const clock = app.get(Clock);
    const audit = app.get(AuditService);
    const now = Date.now(); // the server's own events (bootstrap) are seconds old and stay
    const ages: [string, number][] = [
      ['days-old', 50 * HOUR],
      ['a-ms-past', HOUR + 1],
      ['at-cutoff', HOUR],
      ['a-ms-inside', HOUR - 1],
      ['fresh', 0],
    ];
    for (const [name, age] of ages) {
      clock.now = () => new Date(now - age);
      await audit.recordAlone(SYSTEM_ACTOR, { action: 'retention.test', targetType: 'test', targetName: name });
    }
    clock.now = () => new Date(now);
    assert.equal(await app.get(AuditPruner).prune(), 2, 'deleted the two older events');
    const kept = await t.admin.get<{ items: { targetName: string }[] }>('/api/audit?action=retention.test');
    assert.deepEqual(
      kept.body.items.map((e) => e.targetName),
      ['at-cutoff', 'a-ms-inside', 'fresh'],
    );
  });

  it('prunes on the pruning interval, without being asked', async () => {
    const second = await startTestServer({
      env: { INFRA_AUDIT_RETENTION: '3600', INFRA_CHANGE_LOG_PRUNE_INTERVAL: '1' },
    });
    try {
      const app = second.running().app;
      const real = app.get(Clock).now;
      app.get(Clock).now = () => new Date(Date.now() - 2 * HOUR);
      await app
        .get(AuditService)
        .recordAlone(SYSTEM_ACTOR, { action: 'retention.test', targetType: 'test', targetName: 'old' });
      app.get(Clock).now = real;
      const admin = new TestClient(second.url, second.adminKey);
      await eventually(async () => {
        const res = await admin.get<{ items: unknown[] }>('/api/audit?action=retention.test');
        assert.deepEqual(res.body.items, [], 'an event two hours old outlived a one-hour retention');
      }, 5_000);
    } finally {
      await second.stop();
    }
  });

  it('refuses a retention under an hour at start-up', async () => {
    await assert.rejects(startTestServer({ env: { INFRA_AUDIT_RETENTION: '59m' } }), /INFRA_AUDIT_RETENTION/);
  });
});
