import assert from 'node:assert/strict';
import { parseResource, formatResource, InvalidResourceError } from './resource.js';

describe('grant resources', () => {
  it('a bare name is a whole cluster', () => {
    assert.deepEqual(parseResource('production'), { destination: 'production' });
  });
  it('a dotted name is one namespace in a cluster', () => {
    assert.deepEqual(parseResource('production.web'), { destination: 'production', namespace: 'web' });
    assert.equal(formatResource({ destination: 'production', namespace: 'web' }), 'production.web');
  });
  it('rejects names that are not DNS labels, and deeper nesting', () => {
    for (const bad of ['', 'Prod', 'a.b.c', 'prod.', '.web', 'x'.repeat(64), 'pröd']) {
      assert.throws(() => parseResource(bad), InvalidResourceError, bad);
    }
  });
});
