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
import { Database, type Tx } from '../../db/database.js';
import { LOGGER, type Logger } from '../../common/logger.js';
import { AuditService } from '../audit/audit.service.js';
import { KeysService } from '../keys/keys.service.js';
import { UsersRepository } from '../users/users.repository.js';
import type { CreateProviderDto, ListProvidersQuery, ProviderResponse, UpdateProviderDto } from './dto/provider.dto.js';
import type { DirectorySettings } from './directory/settings.js';
import { isLoopbackHttp, OidcClient, type ProviderClient } from './oidc-client.js';
import { directoryOf, issuerOf } from './provider-kinds.js';
import type { ProviderEntity, ProviderKind } from './provider.entity.js';
import { ProviderSyncRepository } from './provider-sync.repository.js';
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

/** A provider as a whole, secrets in clear: what a create request or an access-as-code file describes. */
export interface ProviderSpec extends ProviderClient {
  name: string;
  kind: ProviderKind;
  /** null: groups come from the ID token alone. */
  directory: DirectorySettings | null;
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
    private readonly keys: KeysService,
    private readonly users: UsersRepository,
    private readonly sync: ProviderSyncRepository,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  async resolve(ref: string, tx?: Tx): Promise<ProviderEntity> {
    const provider =
      (await this.providers.findByName(ref, tx)) ??
      (/^[0-9a-f-]{36}$/.test(ref) ? await this.providers.findById(ref, tx) : null);
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
    const spec = this.specOf(dto);
    await this.checkIssuer(spec);
    const provider = await this.db.transaction((tx) => this.insert(tx, actor, spec));
    return toProviderResponse(provider);
  }

  async update(actor: Actor, id: string, dto: UpdateProviderDto): Promise<ProviderResponse> {
    const current = await this.providers.findById(id);
    if (!current) throw new NotFoundError('identity provider');
    const before = this.specOfEntity(current);
    const spec: ProviderSpec = {
      ...before,
      url: dto.url === undefined ? before.url : normalizeIssuer(dto.url),
      clientId: dto.clientID ?? before.clientId,
      clientSecret: dto.clientSecret ?? before.clientSecret,
      directory: directoryOf(current.kind, dto, before.directory) ?? before.directory,
    };
    await this.checkIssuer(spec);
    const updated = await this.db.transaction((tx) => this.replace(tx, actor, current, spec));
    return toProviderResponse(updated);
  }

  async delete(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const provider = await this.providers.findById(id, tx);
      if (!provider) throw new NotFoundError('identity provider');
      await this.remove(tx, actor, provider);
    });
  }

  /** A whole provider from a create request: issuer derived and checked, kind settings checked; 400 naming the field. */
  specOf(dto: CreateProviderDto): ProviderSpec {
    const kind = dto.kind ?? 'oidc';
    return {
      name: dto.name,
      kind,
      url: normalizeIssuer(issuerOf(kind, dto.url, dto.azureTenantID, this.config.azureLoginUrl)),
      clientId: dto.clientID,
      clientSecret: dto.clientSecret,
      directory: directoryOf(kind, dto, null) ?? null,
    };
  }

  /** A stored provider as a spec, its secrets unsealed (to compare with a declared one, or to edit). */
  specOfEntity(p: ProviderEntity): ProviderSpec {
    return { ...this.clientOf(p), name: p.name, kind: p.kind, directory: this.directoryOf(p) };
  }

  /** Saves a new provider (its issuer already checked) inside a larger transaction; 409 when the name is taken. */
  async insert(tx: Tx, actor: Actor, spec: ProviderSpec): Promise<ProviderEntity> {
    if (await this.providers.findByName(spec.name, tx))
      throw new ConflictError(`an identity provider named "${spec.name}" already exists`);
    const now = this.clock.now();
    const provider: ProviderEntity = {
      id: randomUUID(),
      name: spec.name,
      kind: spec.kind,
      url: spec.url,
      clientId: spec.clientId,
      clientSecretEncrypted: this.cipher.encrypt(spec.clientSecret),
      directoryEncrypted: this.seal(spec.directory),
      lastSync: null,
      lastError: null,
      created: now,
      updated: now,
    };
    await this.providers.insert(provider, tx);
    await this.audit.record(tx, actor, {
      action: 'providers.create',
      targetType: 'provider',
      targetId: provider.id,
      targetName: provider.name,
      details: { kind: provider.kind, url: provider.url, clientID: provider.clientId, directory: !!spec.directory },
    });
    return provider;
  }

  /** Makes a provider hold `spec` (same name and kind; issuer already checked) inside a larger transaction. */
  async replace(tx: Tx, actor: Actor, current: ProviderEntity, spec: ProviderSpec): Promise<ProviderEntity> {
    const before = this.specOfEntity(current);
    const secretChanged = spec.clientSecret !== before.clientSecret;
    const directoryChanged = JSON.stringify(spec.directory) !== JSON.stringify(before.directory);
    const fields = {
      url: spec.url,
      clientId: spec.clientId,
      updated: this.clock.now(),
      ...(secretChanged ? { clientSecretEncrypted: this.cipher.encrypt(spec.clientSecret) } : {}),
      ...(directoryChanged ? { directoryEncrypted: this.seal(spec.directory) } : {}),
    };
    await this.providers.update(current.id, fields, tx);
    await this.audit.record(tx, actor, {
      action: 'providers.update',
      targetType: 'provider',
      targetId: current.id,
      targetName: current.name,
      details: { url: spec.url, clientID: spec.clientId, secretChanged, directoryChanged },
    });
    return { ...current, ...fields };
  }

  /**
   * Removes a provider inside a larger transaction, and signs its users out now rather than never: verification
   * stops with the provider. Its users are those it made and those who logged in through it (which of their sessions
   * came from it is not recorded, so all end, as when the provider refuses a refresh). Their sessions and every key
   * made from them are revoked through KeysService, which appends the entries connectors stream; keys an admin made
   * for them stay. The users it made stay too, as users made in Infra (an admin may then give them a password).
   */
  async remove(tx: Tx, actor: Actor, provider: ProviderEntity): Promise<void> {
    const made = await this.users.idsFromProvider(provider.id, tx);
    const signedOut = [...new Set([...made, ...(await this.sync.userIdsOf(provider.id, tx))])].sort();
    for (const userId of signedOut) await this.keys.revokeSessions(tx, actor, userId, null);
    await this.users.forgetProvider(provider.id, tx);
    await this.providers.delete(provider.id, tx);
    await this.audit.record(tx, actor, {
      action: 'providers.delete',
      targetType: 'provider',
      targetId: provider.id,
      targetName: provider.name,
      details: { signedOut: signedOut.length },
    });
    if (signedOut.length)
      this.logger.info({ provider: provider.name, users: signedOut.length }, 'provider removed: its users signed out');
  }

  /** The discovery document must load from this URL; a wrong URL is the caller's mistake (400), named as such. */
  async checkIssuer(client: ProviderClient): Promise<void> {
    try {
      await this.oidc.discover(client, true);
    } catch (e) {
      throw BadRequestError.field(
        'url',
        `is not an OpenID Connect issuer: ${client.url}/.well-known/openid-configuration: ${(e as Error).message}`,
      );
    }
  }

  private seal(directory: DirectorySettings | null): string | null {
    return directory ? this.cipher.encrypt(JSON.stringify(directory)) : null;
  }
}
