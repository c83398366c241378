import assert from 'node:assert/strict';
import { queryFlag, resourceVerb } from './kube-verb.js';

// Each row: the query string, and what the API server makes of its `watch` flag (apimachinery
// runtime.Convert_Slice_string_To_bool: only absence, "0" and "false" in any case are false; the first value counts).
const WATCH: Array<[string, boolean]> = [
  ['', false],
  ['watch=true', true],
  ['watch=True', true],
  ['watch=TRUE', true],
  ['watch=1', true],
  ['watch=t', true],
  ['watch=T', true],
  ['watch=yes', true],
  ['watch=f', true], // not strconv.ParseBool: "f" is not a false form here
  ['watch=', true], // present but empty
  ['watch', true],
  ['watch=false', false],
  ['watch=False', false],
  ['watch=FALSE', false],
  ['watch=fAlSe', false],
  ['watch=0', false],
  ['watch=00', true],
  ['watch=0&watch=1', false], // the first value decides
  ['watch=1&watch=0', true],
  ['watchx=1', false],
  ['WATCH=1', false], // parameter names are case-sensitive
];

describe('query flags as the API server reads them', () => {
  for (const [query, expected] of WATCH) {
    it(`?${query} → watch ${expected}`, () => {
      assert.equal(queryFlag(new URLSearchParams(query), 'watch'), expected);
      assert.equal(resourceVerb('GET', false, new URLSearchParams(query)), expected ? 'watch' : 'list');
    });
  }

  it('reads every flag by the same rule (follow, stdout, tty)', () => {
    const q = new URLSearchParams('follow=True&stdout=t&tty=FALSE&stdin=0');
    assert.deepEqual(
      ['follow', 'stdout', 'tty', 'stdin', 'stderr'].map((n) => queryFlag(q, n)),
      [true, true, false, false, false],
    );
  });
});
