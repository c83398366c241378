import assert from 'node:assert/strict';
import { expiresIn, grantExpiry, parseDuration, timeOrAgo } from './expiry.js';

describe('times on the command line', () => {
  const now = new Date('2026-06-01T12:00:00.000Z');

  it('reads durations in whole s, m, h and d, summed', () => {
    const cases: [string, number][] = [
      ['1s', 1000],
      ['30m', 1_800_000],
      ['2h', 7_200_000],
      ['1d', 86_400_000],
      ['1h30m', 5_400_000],
      ['90m', 5_400_000],
    ];
    for (const [text, ms] of cases) assert.equal(parseDuration('--expires', text), ms, text);
  });

  it('refuses zero, signs, fractions, bare numbers, unknown units and more than 10 years', () => {
    for (const text of ['0s', '0h0m', '-2h', '+2h', '1.5h', '2', '2w', 'h', '', '3651d']) {
      assert.throws(
        () => parseDuration('--expires', text),
        /--expires ".*" is (not a duration|zero|more than 10 years)/,
        text,
      );
    }
    assert.equal(parseDuration('--expires', '3650d'), 3650 * 86_400_000);
  });

  it('--until must be after now: 1 ms after is a grant, now is not', () => {
    assert.equal(grantExpiry({ until: '2026-06-01T12:00:00.001Z' }, now)?.toISOString(), '2026-06-01T12:00:00.001Z');
    assert.throws(() => grantExpiry({ until: '2026-06-01T12:00:00Z' }, now), /is not in the future/);
    assert.throws(
      () => grantExpiry({ until: '2026-06-01T14:00:00+02:00' }, now),
      /not in the future/,
      'a zone offset is honoured: that is 12:00Z',
    );
    assert.equal(grantExpiry({}, now), null);
  });

  it('--since takes a look-back or a time', () => {
    assert.equal(timeOrAgo('--since', '1h', now).toISOString(), '2026-06-01T11:00:00.000Z');
    assert.equal(timeOrAgo('--since', '2026-05-01T00:00:00Z', now).toISOString(), '2026-05-01T00:00:00.000Z');
    assert.throws(() => timeOrAgo('--since', 'yesterday', now), /--since "yesterday" is not a time/);
  });

  it('shows an expiry as the two largest units left, "expired" from the instant itself, "never" for none', () => {
    const cases: [number, string][] = [
      [7_199_000, 'in 1h59m'],
      [7_200_000, 'in 2h'],
      [7_260_000, 'in 2h1m'],
      [4_200_000, 'in 1h10m'],
      [90_000, 'in 1m30s'],
      [60_000, 'in 1m'],
      [1000, 'in 1s'],
      [1, 'in <1s'],
      [0, 'expired'],
      [-5000, 'expired'],
      [86_400_000 + 3_600_000, 'in 1d1h'],
      [86_400_000 + 60_000, 'in 1d'],
    ];
    for (const [ms, text] of cases)
      assert.equal(expiresIn(new Date(now.getTime() + ms).toISOString(), now), text, String(ms));
    assert.equal(expiresIn(null, now), 'never');
  });
});
