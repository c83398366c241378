// The bearer token a provider's provisioning client (Okta, Entra) presents: one per provider, made by an admin and
// shown once; making a new one replaces the old at once. Only its SHA-256 is kept, so the lookup is one index read.
import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { UnauthenticatedError } from '../../common/errors.js';
import { hashSecret, randomAlnum } from '../../common/secrets.js';
import { SERVER_CONFIG, type ServerConfig } from '../../config/config.js';
import { Database } from '../../db/database.js';
import { AuditService } from '../audit/audit.service.js';
import type { ProviderEntity } from '../providers/provider.entity.js';
import { ProvidersService } from '../providers/providers.service.js';
import type { ScimTokenResponse } from './dto/scim-token.dto.js';
import { ScimRepository } from './scim.repository.js';

export const SCIM_BASE_PATH = '/api/scim/v2';

@Injectable()
export class ScimTokensService {
  constructor(
    private readonly db: Database,
    private readonly repo: ScimRepository,
    private readonly providers: ProvidersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  async issue(actor: Actor, ref: string): Promise<ScimTokenResponse> {
    const provider = await this.providers.resolve(ref);
    const token = `scim_${randomAlnum(40)}`;
    await this.db.transaction(async (tx) => {
      await this.repo.saveToken(
        { providerId: provider.id, tokenHash: hashSecret(token), created: this.clock.now() },
        tx,
      );
      await this.audit.record(tx, actor, {
        action: 'providers.scim_token',
        targetType: 'provider',
        targetId: provider.id,
        targetName: provider.name,
      });
    });
    const base = this.config.publicUrl
      ? `${this.config.publicUrl.replace(/\/+$/, '')}${SCIM_BASE_PATH}`
      : SCIM_BASE_PATH;
    return { provider: provider.name, baseURL: base, token };
  }

  /** The provider whose token this is; 401 otherwise (no hint whether a provider or a token exists). */
  async authenticate(token: string | undefined): Promise<ProviderEntity> {
    const providerId = token ? await this.repo.providerOfToken(hashSecret(token)) : undefined;
    const provider = providerId ? await this.providers.resolve(providerId).catch(() => undefined) : undefined;
    if (!provider) throw new UnauthenticatedError('a valid SCIM bearer token is required');
    return provider;
  }
}
