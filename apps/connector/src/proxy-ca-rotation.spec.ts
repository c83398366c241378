// The rotation rules at their boundaries: a next CA exactly at rotate-before (not a millisecond earlier), promotion
// exactly at the overlap's end, a previous CA trusted through its notAfter and dropped after it.
import assert from 'node:assert/strict';
import { applyCaChange, planProxyCa, type KeptCa, type KeptCas } from './proxy-ca-rotation.js';

const DAY = 86_400_000;
const ca = (name: string, notBefore: number, notAfter: number): KeptCa => ({
  certPem: `${name}.crt`,
  keyPem: `${name}.key`,
  notBefore,
  notAfter,
});
// A CA of 100 days from day 0: a fifth of its lifetime is 20 days, so rotation starts at day 80.
const first = ca('first', 0, 100 * DAY);
const policy = { overlapMs: 7 * DAY };

describe('the proxy CA rotation rules', () => {
  it('adds a next CA when the current one has a fifth of its lifetime left, not a millisecond before', () => {
    assert.equal(planProxyCa({ current: first }, 80 * DAY - 1, policy).change, undefined);
    assert.equal(planProxyCa({ current: first }, 80 * DAY, policy).change, 'add-next');
  });

  it('takes rotate-before from the policy when it is given', () => {
    const p = { ...policy, rotateBeforeMs: 30 * DAY };
    assert.equal(planProxyCa({ current: first }, 70 * DAY - 1, p).change, undefined);
    assert.equal(planProxyCa({ current: first }, 70 * DAY, p).change, 'add-next');
  });

  it('trusts current and next during the overlap while the current one still signs', () => {
    const kept = applyCaChange({ current: first }, 'add-next', ca('second', 80 * DAY, 180 * DAY));
    const plan = planProxyCa(kept, 80 * DAY, policy);
    assert.equal(plan.signer.certPem, 'first.crt');
    assert.deepEqual(plan.trust, ['first.crt', 'second.crt']);
    assert.equal(plan.change, undefined);
  });

  it('promotes the next CA exactly when the overlap from its notBefore is over', () => {
    const kept: KeptCas = { current: first, next: ca('second', 80 * DAY, 180 * DAY) };
    assert.equal(planProxyCa(kept, 87 * DAY - 1, policy).change, undefined);
    assert.equal(planProxyCa(kept, 87 * DAY, policy).change, 'promote-next');
  });

  it('after promotion signs with the new CA and keeps the old one trusted as previous, without its key', () => {
    const promoted = applyCaChange({ current: first, next: ca('second', 80 * DAY, 180 * DAY) }, 'promote-next');
    assert.deepEqual(promoted, {
      current: ca('second', 80 * DAY, 180 * DAY),
      previous: { certPem: 'first.crt', notAfter: 100 * DAY },
    });
    const plan = planProxyCa(promoted, 87 * DAY, policy);
    assert.equal(plan.signer.certPem, 'second.crt');
    assert.deepEqual(plan.trust, ['second.crt', 'first.crt']);
    assert.equal(plan.change, undefined);
  });

  it('trusts the previous CA through its notAfter and drops it after', () => {
    const kept: KeptCas = {
      current: ca('second', 80 * DAY, 180 * DAY),
      previous: { certPem: 'first.crt', notAfter: 100 * DAY },
    };
    const at = planProxyCa(kept, 100 * DAY, policy);
    assert.deepEqual(at.trust, ['second.crt', 'first.crt']);
    assert.equal(at.change, undefined);
    const after = planProxyCa(kept, 100 * DAY + 1, policy);
    assert.deepEqual(after.trust, ['second.crt']);
    assert.equal(after.change, 'drop-previous');
    assert.deepEqual(applyCaChange(kept, 'drop-previous'), { current: ca('second', 80 * DAY, 180 * DAY) });
  });

  it('promotes at once when the current CA expired before the overlap ended (a connector down for long)', () => {
    const kept: KeptCas = { current: first, next: ca('second', 99 * DAY, 199 * DAY) };
    assert.equal(planProxyCa(kept, 100 * DAY, policy).change, undefined);
    assert.equal(planProxyCa(kept, 100 * DAY + 1, policy).change, 'promote-next');
  });

  it('adds a next CA to a current one that already expired', () => {
    assert.equal(planProxyCa({ current: first }, 200 * DAY, policy).change, 'add-next');
  });

  it('rotates before dropping an expired previous CA: one change a pass', () => {
    const kept: KeptCas = {
      current: ca('second', 0, 100 * DAY),
      previous: { certPem: 'first.crt', notAfter: 50 * DAY },
    };
    assert.equal(planProxyCa(kept, 80 * DAY, policy).change, 'add-next');
  });

  it('refuses transitions it cannot make', () => {
    assert.throws(() => applyCaChange({ current: first }, 'add-next'), /needs a new CA/);
    assert.throws(() => applyCaChange({ current: first }, 'promote-next'), /no next CA/);
  });
});
