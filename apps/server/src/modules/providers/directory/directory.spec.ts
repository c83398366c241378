// Group lookups against local servers that answer as Okta, the Google Directory API and Microsoft Graph document:
// every page is followed, throttling is waited out as each API says, and failures name the API and its reason.
import assert from 'node:assert/strict';
import type { ServerConfig } from '../../../config/config.js';
import { within } from '../../../testing/deadline.js';
import { FakeDirectories } from '../../../testing/fake-directories.js';
import { DirectoryClient, type GroupLookup } from './directory.js';
import { DirectoryError } from './http.js';

describe('directory group lookups', function () {
  const fake = new FakeDirectories();
  let client: DirectoryClient;
  before(async () => {
    await fake.start();
    client = new DirectoryClient({
      googleApiUrl: fake.url,
      graphUrl: fake.url,
      azureLoginUrl: fake.url,
    } as ServerConfig);
  });
  after(() => fake.stop());
  beforeEach(() => {
    fake.requests.length = 0;
    for (const list of Object.values(fake.failures)) list.length = 0;
  });

  const FIVE = ['g-a', 'g-b', 'g-c', 'g-d', 'g-e']; // three pages of two
  const base = { url: '', clientId: 'app-id', clientSecret: 'app-secret', claims: undefined };
  const okta = (): GroupLookup => ({
    ...base,
    kind: 'okta',
    url: `${fake.url}/oauth2/default`,
    directory: { kind: 'okta', apiToken: fake.oktaToken },
    user: { subject: '00u1', directoryId: null, email: 'ann@acme.example' },
  });
  const google = (): GroupLookup => ({
    ...base,
    kind: 'google',
    url: 'https://accounts.google.com',
    directory: { kind: 'google', serviceAccountKey: fake.serviceAccountKey, adminEmail: fake.googleAdmin },
    user: { subject: '1077', directoryId: null, email: 'ann@acme.example' },
  });
  const azure = (): GroupLookup => ({
    ...base,
    kind: 'azure',
    url: `${fake.url}/tenant-1/v2.0`,
    directory: { kind: 'azure', tenantID: 'tenant-1' },
    user: { subject: 'pairwise-sub', directoryId: 'oid-1', email: 'ann@acme.example' },
  });

  async function refusal(lookup: GroupLookup): Promise<string> {
    const e = await client.groupsOf(lookup).then(
      () => undefined,
      (err: unknown) => err,
    );
    assert.ok(e instanceof DirectoryError, `expected a DirectoryError, got ${String(e)}`);
    return e.message;
  }

  describe('Okta', () => {
    before(() => fake.groups.set('00u1', FIVE));

    it('follows Link rel="next" through every page', async () => {
      assert.deepEqual(await client.groupsOf(okta()), FIVE);
      assert.equal(fake.calls('okta'), 3);
    });

    it('waits for X-Rate-Limit-Reset after a 429, then goes on', async () => {
      const reset = Math.ceil(Date.now() / 1000) + 1;
      fake.failures.okta.push({
        status: 429,
        headers: { 'x-rate-limit-reset': String(reset) },
        body: { errorCode: 'E0000047' },
      });
      assert.deepEqual(await within('the throttled Okta lookup', client.groupsOf(okta())), FIVE);
      const [throttled, retried] = fake.requests.filter((r) => r.api === 'okta');
      assert.ok(retried!.at >= reset * 1000 - 50, `retried ${reset * 1000 - retried!.at} ms before the reset`);
      assert.ok(throttled);
    });

    it("a wrong API token fails with Okta's own words", async () => {
      const lookup = okta();
      lookup.directory = { kind: 'okta', apiToken: 'wrong' };
      assert.equal(await refusal(lookup), 'Okta answered 401: Invalid token provided');
    });

    it('a reset too far ahead is not waited for: the lookup fails and the next round retries', async () => {
      fake.failures.okta.push({
        status: 429,
        headers: { 'x-rate-limit-reset': String(Math.ceil(Date.now() / 1000) + 3600) },
      });
      assert.match(await within('giving up on a long throttle', refusal(okta())), /throttling/);
    });
  });

  describe('Google Directory API', () => {
    before(() => fake.groups.set('ann@acme.example', ['eng@acme.example', 'ops@acme.example', 'all@acme.example']));

    it('signs a JWT bearer grant as the admin and follows nextPageToken', async () => {
      assert.deepEqual(await client.groupsOf(google()), ['eng@acme.example', 'ops@acme.example', 'all@acme.example']);
      assert.equal(fake.calls('google'), 2);
      assert.ok(fake.requests.some((r) => r.path.includes('pageToken=')));
    });

    it('a grant for another admin is refused by the token endpoint', async () => {
      const lookup = google();
      lookup.directory = {
        kind: 'google',
        serviceAccountKey: fake.serviceAccountKey,
        adminEmail: 'someone@acme.example',
      };
      assert.match(await refusal(lookup), /^Google OAuth answered 400: invalid_grant/);
    });

    it('403 without domain-wide delegation is reported', async () => {
      fake.failures.google.push({
        status: 403,
        body: { error: { code: 403, message: 'Not Authorized to access this resource/api' } },
      });
      assert.equal(
        await refusal(google()),
        'Google Directory API answered 403: Not Authorized to access this resource/api',
      );
    });
  });

  describe('Microsoft Graph', () => {
    before(() => fake.groups.set('oid-1', FIVE));

    it('gets an app token and follows @odata.nextLink', async () => {
      assert.deepEqual(await client.groupsOf(azure()), FIVE);
      assert.equal(fake.calls('graph'), 3);
    });

    it('waits Retry-After seconds after a 429', async () => {
      fake.failures.graph.push({
        status: 429,
        headers: { 'retry-after': '1' },
        body: { error: { code: 'TooManyRequests' } },
      });
      const started = Date.now();
      assert.deepEqual(await within('the throttled Graph lookup', client.groupsOf(azure())), FIVE);
      assert.ok(Date.now() - started >= 1000, `waited only ${Date.now() - started} ms`);
    });

    it('403 (permission not granted) is reported', async () => {
      fake.failures.graph.push({
        status: 403,
        body: {
          error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' },
        },
      });
      assert.equal(
        await refusal(azure()),
        'Microsoft Graph answered 403: Insufficient privileges to complete the operation.',
      );
    });

    it('without Graph, an ID token with group overage is an error, not an empty list', async () => {
      const lookup = {
        ...azure(),
        directory: null,
        claims: { sub: 's', _claim_names: { groups: 'src1' }, _claim_sources: { src1: { endpoint: 'x' } } },
      };
      assert.match(await refusal(lookup), /overage/);
    });
  });

  it("without a directory, groups are the ID token's groups claim, and none when the claim is absent", async () => {
    const lookup = { ...okta(), kind: 'oidc' as const, directory: null };
    assert.deepEqual(await client.groupsOf({ ...lookup, claims: { groups: ['a', 'b'] } }), ['a', 'b']);
    assert.equal(await client.groupsOf({ ...lookup, claims: { sub: 'x' } }), undefined);
  });
});
