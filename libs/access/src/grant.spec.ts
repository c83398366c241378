import assert from 'node:assert/strict';
import { grantBindingName, grantReachesDestination } from './grant.js';

describe('grant rules shared by server and connector', () => {
  it('a cluster grant and a namespace grant both reach the destination', () => {
    assert.equal(grantReachesDestination('production', 'production'), true);
    assert.equal(grantReachesDestination('production.web', 'production'), true);
  });
  it('a grant on another destination, or a malformed resource, does not', () => {
    assert.equal(grantReachesDestination('staging', 'production'), false);
    assert.equal(grantReachesDestination('production-2.web', 'production'), false);
    assert.equal(grantReachesDestination('Production..x', 'production'), false);
  });
  it('binding names depend only on the grant id and are valid object names', () => {
    const id = '0F8FAD5B-D9CB-469F-A165-70867728950E';
    assert.equal(grantBindingName(id), grantBindingName(id));
    assert.match(grantBindingName(id), /^infra-grant-[a-z0-9-]+$/);
    assert.notEqual(grantBindingName('a'), grantBindingName('b'));
  });
});
