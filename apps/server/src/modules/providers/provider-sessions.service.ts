// What happens after a login through a provider, and again on every verification round (continuous verification):
// the refresh token is kept sealed; each round uses it, and the provider's answer decides:
//   - refused with invalid_grant (user deactivated, deleted, consent revoked): the user's sessions and every key made
//     from them are revoked (KeysService.revoke, which tells connectors at once) and the provider session is dropped;
//   - any other failure (provider down, our client misconfigured): nothing is revoked, the error is recorded;
//   - accepted: the groups are read again (ID token or directory API) and memberships follow.
// A failed group lookup never empties memberships: the last known groups stay and the error becomes provider status.
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { LOGGER, type Logger } from '../../common/logger.js';
import { Periodic } from '../../common/periodic.js';
import { RootKeyCipher } from '../../common/root-key.js';
import { SERVER_CONFIG, type ServerConfig } from '../../config/config.js';
import { Database } from '../../db/database.js';
import { AuditService } from '../audit/audit.service.js';
import { KeysService } from '../keys/keys.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { DirectoryClient } from './directory/directory.js';
import { DirectoryError } from './directory/http.js';
import { GroupSyncService, syncActor } from './group-sync.service.js';
import { OidcClient, OidcFailure } from './oidc-client.js';
import type { ProviderEntity, ProviderSessionEntity } from './provider.entity.js';
import { ProviderSyncRepository } from './provider-sync.repository.js';
import { ProvidersRepository } from './providers.repository.js';
import { ProvidersService } from './providers.service.js';

/** busy: another round (this or another replica) is refreshing this session right now. */
export type VerifyOutcome = 'kept' | 'revoked' | 'failed' | 'busy';

/** Longest a refresh may hold a session's lease (the HTTP timeout is 10 s); a crashed round frees it then. */
const LEASE_MS = 60_000;

@Injectable()
export class ProviderSessionsService implements OnModuleInit, OnModuleDestroy {
  private readonly periodic: Periodic;

  constructor(
    private readonly db: Database,
    private readonly providers: ProvidersService,
    private readonly providersRepo: ProvidersRepository,
    private readonly repo: ProviderSyncRepository,
    private readonly sync: GroupSyncService,
    private readonly directory: DirectoryClient,
    private readonly oidc: OidcClient,
    private readonly keys: KeysService,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly cipher: RootKeyCipher,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVER_CONFIG) config: ServerConfig,
  ) {
    this.periodic = new Periodic(config.providerSyncSeconds * 1000, () => this.verifyAll());
  }

  onModuleInit(): void {
    this.periodic.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.periodic.stop();
  }

  /** After a successful login: remember the refresh token (a new login replaces it) and sync the user's groups. */
  async loggedIn(
    provider: ProviderEntity,
    userId: string,
    claims: Record<string, unknown>,
    refreshToken: string | undefined,
  ): Promise<void> {
    const current = await this.db.transaction(async (tx) => {
      const before = await this.repo.lockSession(provider.id, userId, tx);
      const session: ProviderSessionEntity = {
        providerId: provider.id,
        userId,
        subject: String(claims.sub),
        directoryId: typeof claims.oid === 'string' ? claims.oid : null,
        refreshTokenEncrypted: refreshToken ? this.cipher.encrypt(refreshToken) : null,
        groups: before?.groups ?? [],
        lastSync: before?.lastSync ?? null,
        lastError: before?.lastError ?? null,
      };
      await this.repo.saveSession(session, tx);
      return session;
    });
    await this.syncGroups(provider, current, claims, String(claims.email ?? ''));
  }

  /** One verification round over every provider session; one user's failure never stops the others. */
  async verifyAll(): Promise<Map<string, VerifyOutcome>> {
    const outcomes = new Map<string, VerifyOutcome>();
    for (const session of await this.repo.refreshable()) {
      try {
        outcomes.set(session.userId, await this.verify(session));
      } catch (e) {
        this.logger.error(
          { err: e, providerId: session.providerId, userId: session.userId },
          'provider verification failed',
        );
        outcomes.set(session.userId, 'failed');
      }
    }
    return outcomes;
  }

  private async verify(listed: ProviderSessionEntity): Promise<VerifyOutcome> {
    const provider = await this.providersRepo.findById(listed.providerId);
    if (!provider) return 'kept';
    const now = this.clock.now();
    const session = await this.repo.claim(listed.providerId, listed.userId, now, new Date(now.getTime() + LEASE_MS));
    if (!session?.refreshTokenEncrypted) return 'busy';
    let refreshed;
    try {
      refreshed = await this.oidc.refresh(
        this.providers.clientOf(provider),
        this.cipher.decrypt(session.refreshTokenEncrypted),
      );
    } catch (e) {
      await this.repo.release(provider.id, session.userId, {});
      if (!(e instanceof OidcFailure)) throw e;
      if (e.error === 'invalid_grant') {
        await this.revoke(provider, session, e.message);
        return 'revoked';
      }
      await this.recordFailure(provider, session, `refreshing the session failed: ${e.message}`);
      return 'failed';
    }
    await this.repo.release(
      provider.id,
      session.userId,
      refreshed.refreshToken ? { refreshTokenEncrypted: this.cipher.encrypt(refreshed.refreshToken) } : {},
    );
    // A refresh need not return an ID token; the user's name is the e-mail they logged in with (Google looks it up).
    const email =
      typeof refreshed.claims?.email === 'string'
        ? refreshed.claims.email
        : ((await this.users.findById(session.userId))?.name ?? '');
    return (await this.syncGroups(provider, session, refreshed.claims, email)) ? 'kept' : 'failed';
  }

  /** The provider no longer vouches for this user: end what that login gave them, and tell connectors now. */
  private async revoke(provider: ProviderEntity, session: ProviderSessionEntity, why: string): Promise<void> {
    const actor = syncActor(provider);
    await this.db.transaction(async (tx) => {
      await this.keys.revokeSessions(tx, actor, session.userId, null);
      await this.repo.deleteSession(provider.id, session.userId, tx);
      await this.audit.record(tx, actor, {
        action: 'providers.user_refused',
        targetType: 'user',
        targetId: session.userId,
        targetName: session.subject,
        details: { provider: provider.name, reason: why },
      });
    });
    this.logger.info(
      { provider: provider.name, userId: session.userId },
      'provider refused the session: sessions revoked',
    );
  }

  /** True when groups were read and applied (or the provider names none). */
  private async syncGroups(
    provider: ProviderEntity,
    session: ProviderSessionEntity,
    claims: Record<string, unknown> | undefined,
    email: string,
  ): Promise<boolean> {
    let names: string[] | undefined;
    try {
      names = await this.directory.groupsOf({
        ...this.providers.clientOf(provider),
        kind: provider.kind,
        directory: this.providers.directoryOf(provider),
        claims,
        user: { subject: session.subject, directoryId: session.directoryId, email },
      });
    } catch (e) {
      if (!(e instanceof DirectoryError)) throw e;
      await this.recordFailure(provider, session, `group lookup failed: ${e.message}`);
      return false;
    }
    const now = this.clock.now();
    if (names !== undefined) {
      const outcome = await this.db.transaction(async (tx) => {
        await this.repo.lockSession(provider.id, session.userId, tx);
        const out = await this.sync.apply(tx, provider, session.userId, names);
        await this.repo.updateSession(
          provider.id,
          session.userId,
          { groups: names, lastSync: now, lastError: null },
          tx,
        );
        return out;
      });
      if (outcome.skipped.length) {
        const error = `groups not synced (the name is taken by a group made in Infra, or invalid): ${outcome.skipped.join(', ')}`;
        await this.repo.recordStatus(provider.id, { lastError: error });
        return true;
      }
    }
    await this.repo.recordStatus(provider.id, { lastSync: now });
    return true;
  }

  private async recordFailure(provider: ProviderEntity, session: ProviderSessionEntity, error: string): Promise<void> {
    this.logger.warn(
      { provider: provider.name, userId: session.userId, error },
      'provider sync failed; last known groups kept',
    );
    await this.repo.updateSession(provider.id, session.userId, { lastError: error });
    await this.repo.recordStatus(provider.id, { lastError: error });
  }
}
