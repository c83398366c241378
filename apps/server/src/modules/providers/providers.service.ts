// Identity providers: admins add, edit and remove them; a provider is checked against its issuer's discovery
// document before it is saved, so a typo in the URL or a wrong client ID is caught then, not at the first login.
// The client secret is sealed with the root key and never leaves the server (not in answers, audit or logs).
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { BadRequestError, ConflictError, NotFoundError } from '../../common/errors.js';
import type { Page } from '../../common/pagination.js';
import { RootKeyCipher } from '../../common/root-key.js';
import { SERVER_CONFIG, type ServerConfig } from '../../config/config.js';
import { Database } from '../../db/database.js';
import { AuditService } from '../audit/audit.service.js';
import type { CreateProviderDto, ListProvidersQuery, ProviderResponse, UpdateProviderDto } from './dto/provider.dto.js';
import type { DirectorySettings } from './directory/settings.js';
import { isLoopbackHttp, OidcClient, type ProviderClient } from './oidc-client.js';
import { directoryOf, issuerOf } from './provider-kinds.js';
import type { ProviderEntity } from './provider.entity.js';
import { ProvidersRepository } from './providers.repository.js';

export function toProviderResponse(p: ProviderEntity): ProviderResponse {
  return {
    id: p.id,
    name: p.name,
    kind: p.kind,
    url: p.url,
    clientID: p.clientId,
    directory: p.directoryEncrypted !== null,
    ...(p.lastSync ? { lastSync: p.lastSync.toISOString() } : {}),
    ...(p.lastError ? { lastError: p.lastError } : {}),
    created: p.created.toISOString(),
    updated: p.updated.toISOString(),
  };
}

/** Issuer URLs are compared and stored without a trailing slash (discovery appends /.well-known/...). */
function normalizeIssuer(url: string): string {
  if (!url.startsWith('https:') && !isLoopbackHttp(url))
    throw BadRequestError.field('url', 'must be https (plain http only on loopback)');
  return url.replace(/\/+$/, '');
}

@Injectable()
export class ProvidersService {
  constructor(
    private readonly db: Database,
    private readonly providers: ProvidersRepository,
    private readonly audit: AuditService,
    private readonly cipher: RootKeyCipher,
    private readonly oidc: OidcClient,
    private readonly clock: Clock,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  async resolve(ref: string): Promise<ProviderEntity> {
    const provider =
      (await this.providers.findByName(ref)) ??
      (/^[0-9a-f-]{36}$/.test(ref) ? await this.providers.findById(ref) : null);
    if (!provider) throw new NotFoundError(`identity provider "${ref}"`);
    return provider;
  }

  /** What the OIDC client needs, with the secret unsealed. */
  clientOf(p: ProviderEntity): ProviderClient {
    return { url: p.url, clientId: p.clientId, clientSecret: this.cipher.decrypt(p.clientSecretEncrypted) };
  }

  /** The directory settings, unsealed; null when groups come from the ID token alone. */
  directoryOf(p: ProviderEntity): DirectorySettings | null {
    return p.directoryEncrypted === null
      ? null
      : (JSON.parse(this.cipher.decrypt(p.directoryEncrypted)) as DirectorySettings);
  }

  list(query: ListProvidersQuery): Promise<Page<ProviderResponse>> {
    return this.providers.list({ name: query.name }, query, toProviderResponse);
  }

  async get(id: string): Promise<ProviderResponse> {
    const provider = await this.providers.findById(id);
    if (!provider) throw new NotFoundError('identity provider');
    return toProviderResponse(provider);
  }

  async create(actor: Actor, dto: CreateProviderDto): Promise<ProviderResponse> {
    const kind = dto.kind ?? 'oidc';
    const url = issuerOf(kind, dto.url, dto.azureTenantID, this.config.azureLoginUrl);
    const directory = directoryOf(kind, dto, null);
    const client = { url: normalizeIssuer(url), clientId: dto.clientID, clientSecret: dto.clientSecret };
    await this.checkIssuer(client);
    const now = this.clock.now();
    const provider: ProviderEntity = {
      id: randomUUID(),
      name: dto.name,
      kind,
      url: client.url,
      clientId: client.clientId,
      clientSecretEncrypted: this.cipher.encrypt(client.clientSecret),
      directoryEncrypted: directory ? this.cipher.encrypt(JSON.stringify(directory)) : null,
      lastSync: null,
      lastError: null,
      created: now,
      updated: now,
    };
    await this.db.transaction(async (tx) => {
      if (await this.providers.findByName(dto.name, tx))
        throw new ConflictError(`an identity provider named "${dto.name}" already exists`);
      await this.providers.insert(provider, tx);
      await this.audit.record(tx, actor, {
        action: 'providers.create',
        targetType: 'provider',
        targetId: provider.id,
        targetName: provider.name,
        details: {
          kind: provider.kind,
          url: provider.url,
          clientID: provider.clientId,
          directory: directory !== undefined,
        },
      });
    });
    return toProviderResponse(provider);
  }

  async update(actor: Actor, id: string, dto: UpdateProviderDto): Promise<ProviderResponse> {
    const current = await this.providers.findById(id);
    if (!current) throw new NotFoundError('identity provider');
    const before = this.clientOf(current);
    const client = {
      url: dto.url === undefined ? before.url : normalizeIssuer(dto.url),
      clientId: dto.clientID ?? before.clientId,
      clientSecret: dto.clientSecret ?? before.clientSecret,
    };
    const directory = directoryOf(current.kind, dto, this.directoryOf(current));
    await this.checkIssuer(client);
    const fields = {
      url: client.url,
      clientId: client.clientId,
      updated: this.clock.now(),
      ...(dto.clientSecret === undefined ? {} : { clientSecretEncrypted: this.cipher.encrypt(dto.clientSecret) }),
      ...(directory === undefined ? {} : { directoryEncrypted: this.cipher.encrypt(JSON.stringify(directory)) }),
    };
    await this.db.transaction(async (tx) => {
      await this.providers.update(id, fields, tx);
      await this.audit.record(tx, actor, {
        action: 'providers.update',
        targetType: 'provider',
        targetId: id,
        targetName: current.name,
        details: {
          url: client.url,
          clientID: client.clientId,
          secretChanged: dto.clientSecret !== undefined,
          directoryChanged: directory !== undefined,
        },
      });
    });
    return toProviderResponse({ ...current, ...fields });
  }

  async delete(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const provider = await this.providers.findById(id, tx);
      if (!provider) throw new NotFoundError('identity provider');
      await this.providers.delete(id, tx);
      await this.audit.record(tx, actor, {
        action: 'providers.delete',
        targetType: 'provider',
        targetId: id,
        targetName: provider.name,
      });
    });
  }

  /** The discovery document must load from this URL; a wrong URL is the caller's mistake (400), named as such. */
  private async checkIssuer(client: ProviderClient): Promise<void> {
    try {
      await this.oidc.discover(client, true);
    } catch (e) {
      throw BadRequestError.field(
        'url',
        `is not an OpenID Connect issuer: ${client.url}/.well-known/openid-configuration: ${(e as Error).message}`,
      );
    }
  }
}
