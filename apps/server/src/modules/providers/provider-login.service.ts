// Browser login through an identity provider (authorization code + PKCE, state and nonce). The server holds the
// client secret, so the CLI only carries the code from the browser to the server:
//   1. start: the server makes state, nonce and PKCE verifier, keeps them (provider_logins, a few minutes) and
//      answers the provider's authorization URL;
//   2. finish: the CLI posts the code and state it received on its loopback callback; the server takes the pending
//      login out by its state (so a state works once), exchanges the code and checks the ID token, then finds or
//      creates the user by verified e-mail. AuthService turns that user into a session like any other login.
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';
import type { Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { BadGatewayError, UnauthenticatedError } from '../../common/errors.js';
import { canonicalUserName, isUserName } from '../../common/names.js';
import { RootKeyCipher } from '../../common/root-key.js';
import { Throttle } from '../../common/throttle.js';
import { Database } from '../../db/database.js';
import { AuditService } from '../audit/audit.service.js';
import type { UserEntity } from '../users/user.entity.js';
import { UsersRepository } from '../users/users.repository.js';
import { UsersService, type UserOrigin } from '../users/users.service.js';
import type { ProviderLoginResponse } from './dto/provider.dto.js';
import type { OidcLoginDto } from './dto/oidc-login.dto.js';
import { OidcClient, OidcFailure } from './oidc-client.js';
import type { ProviderEntity } from './provider.entity.js';
import { ProviderSessionsService } from './provider-sessions.service.js';
import { ProvidersRepository } from './providers.repository.js';
import { ProvidersService } from './providers.service.js';

/** How long a user has between opening the provider's page and the CLI posting the code. */
export const LOGIN_TTL_MS = 10 * 60_000;

const hashState = (state: string) => createHash('sha256').update(state).digest('base64url');

@Injectable()
export class ProviderLoginService {
  constructor(
    private readonly db: Database,
    private readonly providers: ProvidersService,
    private readonly repo: ProvidersRepository,
    private readonly users: UsersService,
    private readonly usersRepo: UsersRepository,
    private readonly audit: AuditService,
    private readonly cipher: RootKeyCipher,
    private readonly oidc: OidcClient,
    private readonly clock: Clock,
    private readonly sessions: ProviderSessionsService,
    private readonly throttle: Throttle,
  ) {}

  async start(name: string, redirectUri: string): Promise<ProviderLoginResponse> {
    const provider = await this.providers.resolve(name);
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const url = await this.reaching(provider, () =>
      oidc
        .calculatePKCECodeChallenge(codeVerifier)
        .then((codeChallenge) =>
          this.oidc.authorizationUrl(this.providers.clientOf(provider), { redirectUri, state, nonce, codeChallenge }),
        ),
    );
    const now = this.clock.now();
    const expires = new Date(now.getTime() + LOGIN_TTL_MS);
    await this.repo.startLogin(
      {
        stateHash: hashState(state),
        providerId: provider.id,
        redirectUri,
        nonce,
        codeVerifierEncrypted: this.cipher.encrypt(codeVerifier),
        expires,
      },
      now,
    );
    return { url: url.toString(), state, expires: expires.toISOString() };
  }

  /** The user the provider vouches for; failures are audited (never the code or tokens) and answered 401 or 502. */
  async finish(actor: Actor, dto: OidcLoginDto): Promise<UserEntity> {
    const provider = await this.providers.resolve(dto.provider);
    const fail = async (reason: string, message: string): Promise<never> => {
      await this.audit.recordLoginFailure(actor, {
        method: 'provider',
        targetType: 'provider',
        targetId: provider.id,
        targetName: provider.name,
        reason,
      });
      throw new UnauthenticatedError(message);
    };
    const login = await this.repo.takeLogin(hashState(dto.state));
    if (
      !login ||
      login.providerId !== provider.id ||
      login.expires <= this.clock.now() ||
      login.redirectUri !== dto.redirectURI
    ) {
      return fail(
        'unknown state',
        `this login is unknown, expired or already used: run \`infra login --provider ${provider.name}\` again`,
      );
    }
    const callback: Record<string, string> = { code: dto.code, state: dto.state, ...(dto.iss ? { iss: dto.iss } : {}) };
    let claims;
    try {
      claims = await this.oidc.exchange(this.providers.clientOf(provider), {
        callback,
        redirectUri: login.redirectUri,
        codeVerifier: this.cipher.decrypt(login.codeVerifierEncrypted),
        state: dto.state,
        nonce: login.nonce,
      });
    } catch (e) {
      if (!(e instanceof OidcFailure)) throw e;
      if (e.reason === 'unreachable') throw this.unreachable(provider, e);
      return fail(`provider refused: ${e.message}`, `${provider.name} refused the login: ${e.message}`);
    }
    if (!claims.email || !isUserName(claims.email) || !claims.email.includes('@')) {
      return fail(
        'no email',
        `${provider.name} did not give an e-mail address for this account: add the "email" scope to the client`,
      );
    }
    if (!claims.emailVerified) {
      return fail(
        'email not verified',
        `${provider.name} has not verified ${claims.email}: verify it there, then log in again`,
      );
    }
    this.throttle.takeName('login', claims.email);
    const user = await this.userFor(actor, claims.email, { providerId: provider.id, subject: claims.sub });
    // Groups and the refresh token; a failed group lookup is recorded as provider status, never a failed login.
    await this.sessions.loggedIn(provider, user.id, claims.all, claims.refreshToken);
    return user;
  }

  /**
   * People are users by e-mail: the first login makes the user, with no password and a record of where they come
   * from (they log in through the provider). A user who already exists keeps where they came from.
   */
  private async userFor(actor: Actor, email: string, origin: UserOrigin): Promise<UserEntity> {
    const name = canonicalUserName(email);
    return this.db.transaction(
      async (tx) =>
        (await this.usersRepo.findByName(name, tx)) ?? this.users.insert(tx, actor, name, undefined, origin),
    );
  }

  private async reaching<T>(provider: ProviderEntity, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      if (e instanceof OidcFailure) throw this.unreachable(provider, e);
      throw e;
    }
  }

  private unreachable(provider: ProviderEntity, e: OidcFailure): BadGatewayError {
    return new BadGatewayError(
      `identity provider ${provider.name} (${provider.url}) did not answer as expected: ${e.message}`,
    );
  }
}
