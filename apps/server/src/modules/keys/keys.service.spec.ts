// Unit spec with strict fakes: expiry and inactivity rules need a clock, not a database or a wait.
import assert from 'node:assert/strict';
import type { Clock } from '../../common/clock.js';
import { UnauthenticatedError } from '../../common/errors.js';
import { hashSecret } from '../../common/secrets.js';
import { loadConfig } from '../../config/config.js';
import type { Database } from '../../db/database.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ChangeProjection } from '../changes/projection.js';
import type { UserEntity } from '../users/user.entity.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { AccessKeyEntity } from './access-key.entity.js';
import type { KeysRepository } from './keys.repository.js';
import { KeysService } from './keys.service.js';

const T0 = new Date('2030-01-01T00:00:00Z');
const SECRET = 'abcdefghijklmnopqrstuvwx';

function key(overrides: Partial<AccessKeyEntity> = {}): AccessKeyEntity {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    keyId: 'keyid12345',
    secretHash: hashSecret(SECRET),
    name: 'k',
    kind: 'key',
    userId: '00000000-0000-4000-8000-0000000000aa',
    created: T0,
    expires: null,
    inactivityTimeout: null,
    lastUsed: null,
    fromPassword: false,
    parentId: null,
    ...overrides,
  };
}

const USER: UserEntity = {
  id: '00000000-0000-4000-8000-0000000000aa',
  name: 'ci-bot',
  passwordHash: null,
  passwordUpdateRequired: false,
  created: T0,
  updated: T0,
  lastSeenAt: null,
  active: true,
  providerId: null,
  providerSubject: null,
};

function service(stored: AccessKeyEntity, now: Date) {
  const touched: string[] = [];
  const keys = {
    findByKeyId: async (id: string) => (id === stored.keyId ? stored : null),
    touch: async (id: string) => void touched.push(id),
  } as unknown as KeysRepository;
  const users = {
    findById: async (id: string) => (id === USER.id ? USER : null),
    update: async () => undefined,
  } as unknown as UsersRepository;
  const clock: Clock = { now: () => now };
  const unused = {} as never;
  const svc = new KeysService(
    unused as Database,
    keys,
    users,
    unused as AuditService,
    unused as ChangeProjection,
    clock,
    loadConfig({}),
  );
  return { svc, touched };
}

describe('access key authentication', () => {
  it('accepts a valid key and records when it was used', async () => {
    const { svc, touched } = service(key(), T0);
    const { user } = await svc.authenticate(`keyid12345.${SECRET}`);
    assert.equal(user.name, 'ci-bot');
    assert.deepEqual(touched, [key().id]);
  });

  it('refuses a key past its expiry', async () => {
    const { svc } = service(key({ expires: new Date(T0.getTime() + 1000) }), new Date(T0.getTime() + 1000));
    await assert.rejects(
      svc.authenticate(`keyid12345.${SECRET}`),
      (e: Error) => e instanceof UnauthenticatedError && /expired/.test(e.message),
    );
  });

  it('refuses a key unused for longer than its inactivity timeout, counting from creation when never used', async () => {
    const stale = key({ inactivityTimeout: 60 });
    await assert.rejects(
      service(stale, new Date(T0.getTime() + 61_000)).svc.authenticate(`keyid12345.${SECRET}`),
      /inactivity/,
    );
    const used = key({ inactivityTimeout: 60, lastUsed: new Date(T0.getTime() + 30_000) });
    await service(used, new Date(T0.getTime() + 61_000)).svc.authenticate(`keyid12345.${SECRET}`);
  });

  // The boundaries: a key stops working at the very millisecond its expiry or inactivity timeout is reached.
  const at = (ms: number) => new Date(T0.getTime() + ms);
  const presented = `keyid12345.${SECRET}`;

  it('accepts a key one millisecond before its expiry and refuses it at exactly its expiry', async () => {
    const expiring = key({ expires: at(3_600_000) });
    await service(expiring, at(3_600_000 - 1)).svc.authenticate(presented);
    await assert.rejects(
      service(expiring, at(3_600_000)).svc.authenticate(presented),
      /^UnauthenticatedError: access key has expired$/,
      'a key must be refused at exactly its expiry time',
    );
  });

  it('accepts a key one millisecond before its inactivity timeout and refuses it at exactly the timeout', async () => {
    const lastUsed = at(30_000);
    const idle = key({ inactivityTimeout: 60, lastUsed });
    await service(idle, new Date(lastUsed.getTime() + 60_000 - 1)).svc.authenticate(presented);
    await assert.rejects(
      service(idle, new Date(lastUsed.getTime() + 60_000)).svc.authenticate(presented),
      /^UnauthenticatedError: access key has expired after inactivity$/,
      'a key must be refused at exactly its inactivity timeout',
    );
  });

  // The expiry audit logs an inactivity end once, as final: a refused key must not be touched back to life.
  it('does not record a use of a key it refuses for inactivity, so the key stays refused', async () => {
    const lastUsed = at(30_000);
    const idle = key({ inactivityTimeout: 60, lastUsed });
    const { svc, touched } = service(idle, new Date(lastUsed.getTime() + 120_000));
    await assert.rejects(svc.authenticate(presented), /after inactivity/);
    assert.deepEqual(touched, [], 'a refused key was touched');
  });

  it('names the lifetime when it ends at the same millisecond as the inactivity timeout', async () => {
    const both = key({ inactivityTimeout: 60, lastUsed: at(30_000), expires: at(90_000) });
    await assert.rejects(
      service(both, at(90_000)).svc.authenticate(presented),
      /^UnauthenticatedError: access key has expired$/,
    );
  });

  it('refuses a wrong secret, an unknown id and malformed keys alike', async () => {
    const { svc } = service(key(), T0);
    for (const presented of [
      `keyid12345.${SECRET}x`,
      `otherid.${SECRET}`,
      'no-dot',
      'a.b.c',
      `${'x'.repeat(40)}.${SECRET}`,
    ]) {
      await assert.rejects(svc.authenticate(presented), UnauthenticatedError, presented);
    }
  });

  // A 60 s timeout (the shortest allowed) writes lastUsed every 6 s: a key used every 30 s must not end.
  it('writes lastUsed of a short-timeout key after a tenth of its timeout, and not before', async () => {
    const short = (sinceUse: number) => service(key({ inactivityTimeout: 60, lastUsed: T0 }), at(sinceUse));
    const justInside = short(6_000);
    await justInside.svc.authenticate(presented);
    assert.deepEqual(justInside.touched, [], 'touched 6 s after the last write, at exactly a tenth of 60 s');
    const past = short(6_001);
    await past.svc.authenticate(presented);
    assert.deepEqual(past.touched, [key().id], 'not touched 6.001 s after the last write of a 60 s-timeout key');
  });

  it('does not write lastUsed more than once a minute', async () => {
    const { svc, touched } = service(key({ lastUsed: new Date(T0.getTime() - 10_000) }), T0);
    await svc.authenticate(`keyid12345.${SECRET}`);
    assert.deepEqual(touched, []);
  });
});
