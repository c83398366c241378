// A real OpenID Connect provider (the npm package oidc-provider) for tests here, in the CLI and in e2e: it listens on
// 127.0.0.1:<free port>, knows one confidential client and the users a test adds, and signs in whoever the test
// names without a browser (signIn follows the redirects and answers the login interaction itself).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

export interface OidcUser {
  /** The subject (`sub`). */
  id: string;
  email: string;
  emailVerified?: boolean;
  /** The `groups` claim of the user's ID tokens (absent when undefined). */
  groups?: string[];
  /** More ID token claims, e.g. Entra ID's `oid` or an overage `_claim_names`. */
  claims?: Record<string, unknown>;
}

export interface TestOidcProvider {
  /** The issuer URL (http://127.0.0.1:<port>). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Adds or replaces a user; replacing changes the claims of the next ID token (a refresh gives one too). */
  addUser(user: OidcUser): void;
  /** Removes the user, as deactivating them at the provider would: their refresh tokens are refused (invalid_grant). */
  removeUser(id: string): void;
  /**
   * Opens the authorization URL as a browser would, signs in as `userId` and returns the URL the provider sent the
   * browser back to (the redirect_uri with code, state and iss), without requesting it.
   */
  signIn(authorizationUrl: string, userId: string): Promise<URL>;
  /** Signs in `userId` at the next login page a real browser opens (which then follows the redirects itself). */
  signInBrowserAs(userId: string): void;
  stop(): Promise<void>;
}

export interface TestOidcProviderOptions {
  /** Redirect URIs of the client. Loopback ones match whatever their port (RFC 8252), as for a native app. */
  redirectUris?: string[];
}

/** oidc-provider's storage, in memory (its own default prints a warning meant for production use). */
class MemoryAdapter {
  private static readonly rows = new Map<string, { payload: Record<string, unknown>; expires: number }>();
  constructor(private readonly model: string) {}
  private key = (id: string) => `${this.model}:${id}`;
  async upsert(id: string, payload: Record<string, unknown>, expiresIn?: number): Promise<void> {
    MemoryAdapter.rows.set(this.key(id), { payload, expires: expiresIn ? Date.now() + expiresIn * 1000 : Infinity });
  }
  async find(id: string): Promise<Record<string, unknown> | undefined> {
    const row = MemoryAdapter.rows.get(this.key(id));
    return row && row.expires > Date.now() ? row.payload : undefined;
  }
  async findByUid(uid: string): Promise<Record<string, unknown> | undefined> {
    for (const [k, row] of MemoryAdapter.rows)
      if (k.startsWith(`${this.model}:`) && row.payload.uid === uid) return this.find(k.slice(this.model.length + 1));
    return undefined;
  }
  async findByUserCode(): Promise<undefined> {
    return undefined;
  }
  async consume(id: string): Promise<void> {
    const row = MemoryAdapter.rows.get(this.key(id));
    if (row) row.payload.consumed = Math.floor(Date.now() / 1000);
  }
  async destroy(id: string): Promise<void> {
    MemoryAdapter.rows.delete(this.key(id));
  }
  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [k, row] of MemoryAdapter.rows) if (row.payload.grantId === grantId) MemoryAdapter.rows.delete(k);
  }
}

const CLIENT_ID = 'infra-test';
const CLIENT_SECRET = 'test-client-secret-4f1d2a9c7e3b';

export async function startTestOidcProvider(opts: TestOidcProviderOptions = {}): Promise<TestOidcProvider> {
  const users = new Map<string, OidcUser>();
  let signingInAs: string | undefined;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'test' };

  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        application_type: 'native',
        redirect_uris: opts.redirectUris ?? ['http://127.0.0.1/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    adapter: MemoryAdapter,
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-cookie-signing-key'] },
    // oid and the _claim_* pair: what Entra ID puts in ID tokens, for azure-kind specs.
    claims: {
      openid: ['sub', 'oid', '_claim_names', '_claim_sources'],
      email: ['email', 'email_verified'],
      groups: ['groups'],
    },
    scopes: ['openid', 'offline_access', 'email', 'groups'],
    // Every sign-in gets a refresh token (without the prompt=consent that offline_access otherwise needs here), and
    // each refresh rotates it, as Okta and Entra ID can.
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: () => true,
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      RefreshToken: 3600,
      Interaction: 600,
      Grant: 600,
      Session: 600,
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx: unknown, sub: string) {
      const user = users.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          ...user.claims,
          sub,
          email: user.email,
          email_verified: user.emailVerified ?? true,
          ...(user.groups ? { groups: user.groups } : {}),
        }),
      };
    },
  });
  const handle = provider.callback();
  server.on('request', (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return handle(req, res);
    // The login and consent pages: sign in whoever the test named in signIn, and consent for them (the client is
    // first-party, but oidc-provider asks native clients for consent every time).
    (async () => {
      const { prompt, params, session } = await provider.interactionDetails(req, res);
      if (!signingInAs || !users.has(signingInAs)) throw new Error(`no such test user: ${signingInAs}`);
      let result: Record<string, unknown> = { login: { accountId: signingInAs } };
      if (prompt.name === 'consent') {
        const grant = new provider.Grant({ accountId: session!.accountId!, clientId: String(params.client_id) });
        grant.addOIDCScope(String(params.scope));
        result = { consent: { grantId: await grant.save() } };
      }
      await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
    })().catch((e: Error) => {
      res.statusCode = 500;
      res.end(e.message);
    });
  });

  return {
    issuer,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    addUser: (user) => users.set(user.id, user),
    removeUser: (id) => users.delete(id),
    signInBrowserAs: (userId) => {
      signingInAs = userId;
    },
    async signIn(authorizationUrl, userId) {
      signingInAs = userId;
      const cookies = new Map<string, string>();
      let url = new URL(authorizationUrl);
      for (let hop = 0; hop < 10; hop++) {
        const res = await fetch(url, {
          redirect: 'manual',
          headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
        });
        for (const c of res.headers.getSetCookie()) {
          const [pair] = c.split(';');
          const eq = pair!.indexOf('=');
          cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
        }
        const location = res.headers.get('location');
        if (!location)
          throw new Error(`the test provider answered ${res.status} at ${url.pathname}: ${await res.text()}`);
        url = new URL(location, url);
        if (url.origin !== issuer) return url;
      }
      throw new Error('the test provider redirected more than 10 times');
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
