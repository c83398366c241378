// The one class that talks to identity providers (openid-client), injectable so that specs can replace it.
// It knows OIDC, not Infra: it answers with claims or throws OidcFailure saying whose fault a failure is.
import { Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';

export interface ProviderClient {
  /** The issuer URL. */
  url: string;
  clientId: string;
  clientSecret: string;
}

export interface AuthorizationRequest {
  redirectUri: string;
  state: string;
  nonce: string;
  codeChallenge: string;
}

export interface CodeExchange {
  /** The callback's query parameters (code, state, iss). */
  callback: Record<string, string>;
  redirectUri: string;
  codeVerifier: string;
  state: string;
  nonce: string;
}

export interface IdentityClaims {
  sub: string;
  email?: string;
  emailVerified: boolean;
  /** Every claim of the ID token (groups, Azure's oid and _claim_names). */
  all: Record<string, unknown>;
  /** Present when the provider grants offline access: what continuous verification refreshes. */
  refreshToken?: string;
}

/** What a refresh answers: a new refresh token when the provider rotates them, the new ID token's claims if any. */
export interface Refreshed {
  refreshToken?: string;
  claims?: Record<string, unknown>;
}

/**
 * `unreachable`: the provider could not be reached or answered something that is not OIDC (502 at login);
 * `refused`: the provider, or our checks of its answer, refused this login (401).
 */
export class OidcFailure extends Error {
  /** The OAuth error code (`invalid_grant`) when the provider answered one. */
  constructor(
    readonly reason: 'unreachable' | 'refused',
    message: string,
    readonly error?: string,
  ) {
    super(message);
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const CACHE_MS = 10 * 60_000;
const TIMEOUT_S = 10;

/** Plain http is only for a provider on this machine (tests, development). */
export function isLoopbackHttp(url: string): boolean {
  const u = new URL(url);
  return u.protocol === 'http:' && LOOPBACK.has(u.hostname);
}

function causes(e: unknown): unknown[] {
  const out: unknown[] = [];
  for (let c = e; c && out.length < 5; c = (c as { cause?: unknown }).cause) out.push(c);
  return out;
}

/** Why a call failed, in words an admin can act on; never includes secrets (openid-client's messages hold none). */
function describe(e: unknown): OidcFailure {
  if (e instanceof oidc.ResponseBodyError || e instanceof oidc.AuthorizationResponseError) {
    return new OidcFailure('refused', `${e.error}${e.error_description ? `: ${e.error_description}` : ''}`, e.error);
  }
  const chain = causes(e);
  const code = chain
    .map((c) => (c as { code?: unknown }).code)
    .find((c) => typeof c === 'string' && /^E[A-Z_]+$/.test(c));
  const timedOut = chain.some(
    (c) => (c as { name?: unknown }).name === 'TimeoutError' || (c as { name?: unknown }).name === 'AbortError',
  );
  if (code || timedOut || (e instanceof TypeError && e.message === 'fetch failed')) {
    const why =
      code ??
      (timedOut
        ? 'timed out'
        : chain
            .map((c) => (c as Error).message)
            .filter(Boolean)
            .at(-1));
    return new OidcFailure('unreachable', `could not reach it (${why})`);
  }
  const message = e instanceof Error ? e.message : String(e);
  const detail = chain
    .slice(1)
    .map((c) => (c instanceof Error ? c.message : ''))
    .find(Boolean);
  const text = detail && detail !== message ? `${message} (${detail})` : message;
  // Checks of the ID token (nonce, audience, signature) are refusals; a malformed document is the provider's fault.
  const codeOf = (e as { code?: unknown }).code;
  return new OidcFailure(codeOf === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' ? 'refused' : 'unreachable', text);
}

@Injectable()
export class OidcClient {
  private readonly configs = new Map<string, { config: oidc.Configuration; until: number }>();

  /** Reads the issuer's discovery document (cached for a while per issuer, client and secret). */
  async discover(client: ProviderClient, fresh = false): Promise<oidc.Configuration> {
    const key = JSON.stringify([client.url, client.clientId, client.clientSecret]);
    const cached = this.configs.get(key);
    if (!fresh && cached && cached.until > Date.now()) return cached.config;
    try {
      const config = await oidc.discovery(new URL(client.url), client.clientId, client.clientSecret, undefined, {
        timeout: TIMEOUT_S,
        execute: isLoopbackHttp(client.url) ? [oidc.allowInsecureRequests] : [],
      });
      for (const [k, v] of this.configs) if (v.until <= Date.now()) this.configs.delete(k);
      this.configs.set(key, { config, until: Date.now() + CACHE_MS });
      return config;
    } catch (e) {
      const failure = describe(e);
      throw new OidcFailure('unreachable', failure.message);
    }
  }

  async authorizationUrl(client: ProviderClient, req: AuthorizationRequest): Promise<URL> {
    const config = await this.discover(client);
    // offline_access: a refresh token for continuous verification; groups: Okta's groups claim. Only when offered.
    const offered = config.serverMetadata().scopes_supported ?? [];
    const extra = ['offline_access', 'groups'].filter((s) => offered.includes(s));
    // Google grants refresh tokens by access_type=offline instead of a scope.
    const google = new URL(client.url).hostname === 'accounts.google.com';
    return oidc.buildAuthorizationUrl(config, {
      ...(google ? { access_type: 'offline', prompt: 'consent' } : {}),
      redirect_uri: req.redirectUri,
      scope: ['openid email profile', ...extra].join(' '),
      state: req.state,
      nonce: req.nonce,
      code_challenge: req.codeChallenge,
      code_challenge_method: 'S256',
    });
  }

  /** Exchanges the code (with the PKCE verifier and client secret) and checks the ID token, state and nonce. */
  async exchange(client: ProviderClient, x: CodeExchange): Promise<IdentityClaims> {
    const config = await this.discover(client);
    const callback = new URL(x.redirectUri);
    // openid-client sends the callback URL without its query as redirect_uri, as the provider expects.
    callback.search = new URLSearchParams(x.callback).toString();
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: x.codeVerifier,
        expectedState: x.state,
        expectedNonce: x.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims()!;
      let email = typeof claims.email === 'string' ? claims.email : undefined;
      let verified = claims.email_verified;
      if (email === undefined) {
        // Some providers put the e-mail only in userinfo.
        const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
        email = typeof info.email === 'string' ? info.email : undefined;
        verified = info.email_verified;
      }
      return {
        sub: claims.sub,
        email,
        emailVerified: verified === true,
        all: { ...claims },
        refreshToken: tokens.refresh_token,
      };
    } catch (e) {
      throw describe(e);
    }
  }

  /** Uses the refresh token: the provider's word on whether this user may still be here. */
  async refresh(client: ProviderClient, refreshToken: string): Promise<Refreshed> {
    const config = await this.discover(client);
    try {
      const tokens = await oidc.refreshTokenGrant(config, refreshToken);
      const claims = tokens.claims();
      return { refreshToken: tokens.refresh_token, claims: claims ? { ...claims } : undefined };
    } catch (e) {
      throw describe(e);
    }
  }
}
