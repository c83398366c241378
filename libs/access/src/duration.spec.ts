import assert from 'node:assert/strict';
import { durationSeconds, formatDuration, parseDurationSeconds } from './duration.js';

describe('durations', () => {
  it('adds whole units: 30m, 2h, 1d, 1h30m, 1d1s', () => {
    const cases: [string, number][] = [
      ['30m', 1800],
      ['2h', 7200],
      ['1d', 86_400],
      ['1h30m', 5400],
      ['1d1s', 86_401],
      ['9999999s', 9_999_999],
    ];
    for (const [text, seconds] of cases) assert.equal(parseDurationSeconds(text), seconds, text);
  });

  it('tells "not a duration" from "zero": the CLI says which', () => {
    assert.equal(durationSeconds('0m'), 0);
    assert.equal(parseDurationSeconds('0m'), undefined);
    for (const text of ['', '2', '-2h', '+2h', '1.5h', '2w', 'h', ' 2h', '10000000s'])
      assert.equal(durationSeconds(text), undefined, JSON.stringify(text));
  });

  it('writes seconds in the largest units, leaving out the empty ones', () => {
    assert.equal(formatDuration(5400), '1h30m');
    assert.equal(formatDuration(86_400), '1d');
    assert.equal(formatDuration(90_061), '1d1h1m1s');
    assert.equal(formatDuration(0), '0s');
  });
});
