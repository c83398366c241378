import assert from 'node:assert/strict';
import { ConnectorState } from './connector-state.js';
import { FakeClock, aChange, aGrant, aGroup, aSnapshot, aUser } from '../testing/fakes.js';

const alice = aUser('alice@example.com', ['g-dev']);
const bob = aUser('bob@example.com');
const dev = aGroup('dev');

function stateWith(clock: FakeClock, ...grants: ReturnType<typeof aGrant>[]): ConnectorState {
  const s = new ConnectorState('production', clock);
  s.applySnapshot(aSnapshot({ sequence: 5, grants, users: [alice, bob], groups: [dev] }));
  return s;
}

describe('connector state', () => {
  it('a user with a direct grant on the destination may use it, without groups that hold no grant here', () => {
    const s = stateWith(new FakeClock(), aGrant({ userId: alice.id, resource: 'production' }));
    assert.deepEqual(s.identityOf(alice.id), { userId: alice.id, userName: 'alice@example.com', groupNames: [] });
    assert.equal(s.identityOf(bob.id), undefined);
  });

  describe('impersonated groups: only those holding a grant in force here, never system:', () => {
    const ops = aGroup('ops');
    const masters = aGroup('System:Masters', 'g-masters');
    const dave = aUser('dave@example.com', [dev.id, ops.id, masters.id, 'g-unknown']);
    const stateOf = (clock: FakeClock, ...grants: ReturnType<typeof aGrant>[]) => {
      const s = new ConnectorState('production', clock);
      s.applySnapshot(aSnapshot({ sequence: 5, grants, users: [dave], groups: [dev, ops, masters] }));
      return s;
    };
    const groupsOf = (s: ConnectorState) => s.identityOf(dave.id)?.groupNames;

    for (const [what, grant, expected] of [
      ['a grant on the destination', aGrant({ groupId: dev.id, resource: 'production' }), ['dev']],
      ['a grant on one of its namespaces', aGrant({ groupId: dev.id, resource: 'production.web' }), ['dev']],
      ['a connect grant', aGrant({ groupId: dev.id, resource: 'production', privilege: 'connect' }), ['dev']],
    ] as const) {
      it(`a group with ${what} is impersonated; one with no grant here is not`, () => {
        const s = stateOf(new FakeClock(), grant, aGrant({ groupId: ops.id, resource: 'staging' }));
        assert.deepEqual(groupsOf(s), expected);
      });
    }

    it('a group whose grant expired is dropped (at exp exactly)', () => {
      const clock = new FakeClock();
      const s = stateOf(
        clock,
        aGrant({ userId: dave.id, resource: 'production' }),
        aGrant({ groupId: ops.id, resource: 'production', expiresAtMs: clock.now() + 1000 }),
      );
      clock.advance(999);
      assert.deepEqual(groupsOf(s), ['ops']);
      clock.advance(1);
      assert.deepEqual(groupsOf(s), []);
    });

    it('a system: group (any case) is never impersonated, and its grant neither counts nor binds', () => {
      const s = stateOf(
        new FakeClock(),
        aGrant({ groupId: masters.id, resource: 'production.web', privilege: 'view' }),
      );
      assert.equal(s.identityOf(dave.id), undefined);
      assert.deepEqual(s.activeGrants(), []);
      const both = stateOf(
        new FakeClock(),
        aGrant({ groupId: masters.id, resource: 'production.web' }),
        aGrant({ groupId: dev.id, resource: 'production.web' }),
      );
      assert.deepEqual(groupsOf(both), ['dev']);
    });

    it('a grant to a system: user neither counts nor binds', () => {
      const sysUser = aUser('system:admin');
      const s = new ConnectorState('production', new FakeClock());
      s.applySnapshot(
        aSnapshot({ sequence: 1, grants: [aGrant({ userId: sysUser.id, resource: 'production' })], users: [sysUser] }),
      );
      assert.equal(s.identityOf(sysUser.id), undefined);
      assert.deepEqual(s.activeGrants(), []);
    });
  });

  it('a grant to a group reaches its members', () => {
    const s = stateWith(new FakeClock(), aGrant({ groupId: dev.id, resource: 'production.web' }));
    assert.equal(s.identityOf(alice.id)?.userName, 'alice@example.com');
    assert.equal(s.identityOf(bob.id), undefined);
    assert.deepEqual(
      s.activeGrants().map((g) => [g.subject, g.namespace]),
      [[{ kind: 'Group', name: 'dev' }, 'web']],
    );
  });

  it('a connect grant lets the user through like any other grant', () => {
    const s = stateWith(new FakeClock(), aGrant({ userId: bob.id, resource: 'production', privilege: 'connect' }));
    assert.equal(s.identityOf(bob.id)?.userName, 'bob@example.com');
    assert.equal(ConnectorState.writesBinding('connect'), false);
    assert.equal(ConnectorState.writesBinding('view'), true);
  });

  it('grants on other destinations are ignored, also when a grant is changed to one', () => {
    const s = stateWith(new FakeClock(), aGrant({ userId: bob.id, resource: 'staging' }));
    assert.equal(s.identityOf(bob.id), undefined);
    assert.deepEqual(s.activeGrants(), []);
    const g = aGrant({ userId: bob.id, resource: 'production' });
    s.applyChange(aChange(6, { change: 'grantUpserted', grantUpserted: g }));
    assert.ok(s.identityOf(bob.id));
    s.applyChange(aChange(7, { change: 'grantUpserted', grantUpserted: { ...g, resource: 'staging' } }));
    assert.equal(s.identityOf(bob.id), undefined);
  });

  it('an expired grant stops counting as soon as the clock passes it, even without a sweep', () => {
    const clock = new FakeClock();
    const s = stateWith(clock, aGrant({ userId: bob.id, resource: 'production', expiresAtMs: clock.now() + 1000 }));
    assert.ok(s.identityOf(bob.id));
    clock.advance(1000);
    assert.equal(s.identityOf(bob.id), undefined);
  });

  it('a sweep announces an expiry once', () => {
    const clock = new FakeClock();
    const s = stateWith(clock, aGrant({ userId: bob.id, resource: 'production', expiresAtMs: clock.now() + 1000 }));
    let changes = 0;
    s.on('changed', () => changes++);
    s.sweep();
    clock.advance(5000);
    s.sweep();
    s.sweep();
    assert.equal(changes, 1);
  });

  it('a revoked credential refuses tokens issued before the revocation but not after', () => {
    const clock = new FakeClock();
    const s = stateWith(clock);
    const revokedAt = clock.now();
    s.applyChange(
      aChange(6, {
        change: 'revocation',
        revocation: { credentialId: 'cred-1', userId: bob.id, revokedAtMs: revokedAt, untilMs: 0 },
      }),
    );
    assert.equal(s.isRevoked({ userId: bob.id, credentialId: 'cred-1', issuedAtMs: revokedAt - 60_000 }), true);
    assert.equal(s.isRevoked({ userId: bob.id, credentialId: 'cred-2', issuedAtMs: revokedAt - 60_000 }), false);
    assert.equal(s.isRevoked({ userId: bob.id, credentialId: 'cred-1', issuedAtMs: revokedAt + 1000 }), false);
  });

  it('revoking a whole user refuses every credential of theirs', () => {
    const clock = new FakeClock();
    const s = stateWith(clock);
    s.applyChange(
      aChange(6, {
        change: 'revocation',
        revocation: { credentialId: '', userId: bob.id, revokedAtMs: clock.now(), untilMs: 0 },
      }),
    );
    assert.equal(s.isRevoked({ userId: bob.id, credentialId: 'anything', issuedAtMs: clock.now() - 1 }), true);
    assert.equal(s.isRevoked({ userId: alice.id, credentialId: 'anything', issuedAtMs: clock.now() - 1 }), false);
  });

  it('a revocation is forgotten after its until time', () => {
    const clock = new FakeClock();
    const s = stateWith(clock);
    const r = { credentialId: 'c', userId: bob.id, revokedAtMs: clock.now(), untilMs: clock.now() + 300_000 };
    s.applyChange(aChange(6, { change: 'revocation', revocation: r }));
    clock.advance(300_001);
    s.sweep();
    assert.equal(s.isRevoked({ userId: bob.id, credentialId: 'c', issuedAtMs: r.revokedAtMs - 1 }), false);
  });

  it('changes apply in order and old sequences are skipped', () => {
    const s = stateWith(new FakeClock());
    const g = aGrant({ userId: bob.id, resource: 'production' });
    assert.equal(s.applyChange(aChange(7, { change: 'grantUpserted', grantUpserted: g })), true);
    assert.equal(s.applyChange(aChange(7, { change: 'grantRemoved', grantRemoved: g.id })), false);
    assert.ok(s.identityOf(bob.id));
    s.applyChange(aChange(9, { change: 'grantRemoved', grantRemoved: g.id }));
    assert.equal(s.identityOf(bob.id), undefined);
    assert.equal(s.sequence, 9);
  });

  it('removing a user from a group removes the access the group gave', () => {
    const s = stateWith(new FakeClock(), aGrant({ groupId: dev.id, resource: 'production' }));
    s.applyChange(aChange(6, { change: 'userUpserted', userUpserted: { ...alice, groupIds: [] } }));
    assert.equal(s.identityOf(alice.id), undefined);
  });

  it('a snapshot replaces everything known before', () => {
    const s = stateWith(new FakeClock(), aGrant({ userId: bob.id, resource: 'production' }));
    s.applySnapshot(aSnapshot({ sequence: 20, users: [bob] }));
    assert.equal(s.identityOf(bob.id), undefined);
    assert.equal(s.sequence, 20);
  });

  it("a user's grants follow their subject when a grant is moved to another user, removed or replaced by a snapshot", () => {
    const direct = aGrant({ userId: bob.id, resource: 'production.web' });
    const viaGroup = aGrant({ groupId: dev.id, resource: 'production' });
    const s = stateWith(new FakeClock(), direct, viaGroup);
    assert.deepEqual(
      s.grantsOf(alice.id).map((g) => g.id),
      [viaGroup.id],
    );
    s.applyChange(aChange(6, { change: 'grantUpserted', grantUpserted: { ...direct, userId: alice.id } }));
    assert.deepEqual(
      s.grantsOf(alice.id).map((g) => g.id),
      [direct.id, viaGroup.id],
      'in arrival order',
    );
    assert.equal(s.identityOf(bob.id), undefined);
    assert.deepEqual(
      s.accessOf(alice.id)?.grants.map((g) => g.id),
      [direct.id, viaGroup.id],
    );
    s.applyChange(aChange(7, { change: 'grantRemoved', grantRemoved: viaGroup.id }));
    assert.deepEqual(
      s.grantsOf(alice.id).map((g) => g.id),
      [direct.id],
    );
    s.applySnapshot(aSnapshot({ sequence: 8, grants: [viaGroup], users: [alice, bob], groups: [dev] }));
    assert.deepEqual(
      s.grantsOf(alice.id).map((g) => g.id),
      [viaGroup.id],
    );
    assert.equal(s.accessOf(bob.id), undefined);
  });
});
