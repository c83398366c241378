// Users as a provider provisions them. A provider sees only the users it provisioned; a name already taken is a 409
// (uniqueness), except a user this same provider's login made, whom SCIM takes over. Deactivation revokes
// every credential the user holds at once (connectors hear of each, as for an admin removal) and keeps them out until
// the provider reactivates them; deletion is an admin removal.
import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { ConflictError, NotFoundError } from '../../common/errors.js';
import { canonicalUserName, isUserName, NOT_RESERVED, UUID } from '../../common/names.js';
import { Database, type Tx } from '../../db/database.js';
import { AuditService } from '../audit/audit.service.js';
import { KeysService } from '../keys/keys.service.js';
import type { ProviderEntity } from '../providers/provider.entity.js';
import type { UserEntity } from '../users/user.entity.js';
import { UsersRepository } from '../users/users.repository.js';
import { UsersService } from '../users/users.service.js';
import type { ScimUserEntity } from './scim.entity.js';
import { ScimBadRequest } from './scim-errors.js';
import { ScimRepository } from './scim.repository.js';
import {
  listResponse,
  parseFilter,
  parsePaging,
  parsePatch,
  parseUser,
  userPatch,
  USER_SCHEMA,
  type ScimUserInput,
} from './scim-schema.js';

const FILTERABLE = ['userName', 'externalId'] as const;

function toScimUser(user: UserEntity, link: ScimUserEntity) {
  return {
    schemas: [USER_SCHEMA],
    id: user.id,
    ...(link.externalId !== null ? { externalId: link.externalId } : {}),
    userName: user.name,
    ...(link.displayName !== null ? { displayName: link.displayName } : {}),
    active: user.active,
    meta: { resourceType: 'User', created: user.created.toISOString(), lastModified: user.updated.toISOString() },
  };
}

export type ScimUser = ReturnType<typeof toScimUser>;

@Injectable()
export class ScimUsersService {
  constructor(
    private readonly db: Database,
    private readonly repo: ScimRepository,
    private readonly users: UsersService,
    private readonly usersRepo: UsersRepository,
    private readonly keys: KeysService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(provider: ProviderEntity, query: Record<string, unknown>) {
    const filter = parseFilter(query.filter, FILTERABLE);
    const paging = parsePaging(query);
    const { total, rows } = await this.repo.listUsers(provider.id, filter, paging);
    return listResponse(
      total,
      paging,
      rows.map((r) => toScimUser(r.user, r.link)),
    );
  }

  async get(provider: ProviderEntity, id: string): Promise<ScimUser> {
    const { user, link } = await this.find(provider, id);
    return toScimUser(user, link);
  }

  async create(actor: Actor, provider: ProviderEntity, body: unknown): Promise<ScimUser> {
    const input = parseUser(body);
    const name = checkName(input.userName);
    return this.db.transaction(async (tx) => {
      let user = await this.usersRepo.findByName(name, tx);
      if (user) {
        // Taken over only if this provider's login made them (or, from before origins were kept, the one provider they
        // logged in through: migration 1733740000000) and SCIM does not manage them yet.
        const linked = user.providerId === provider.id && (await this.repo.findLink(user.id, tx)) !== null;
        if (user.providerId !== provider.id || linked) throw new ConflictError(takenBecause(name, user, linked));
      } else {
        // Their origin, as for a provider login: a provider user cannot be given a local password.
        const origin = { providerId: provider.id, subject: input.externalId ?? null };
        user = await this.users.insert(tx, actor, name, undefined, origin);
      }
      const link = { userId: user.id, externalId: input.externalId, displayName: null };
      return this.apply(tx, actor, provider, user, link, input);
    });
  }

  /** PUT: the whole user again (Okta deactivates this way, with active false). */
  async replace(actor: Actor, provider: ProviderEntity, id: string, body: unknown): Promise<ScimUser> {
    const input = parseUser(body);
    return this.change(actor, provider, id, input);
  }

  /** PATCH: Okta's lower-case ops and Entra's capitalised ones, with a path or a value object. */
  async patch(actor: Actor, provider: ProviderEntity, id: string, body: unknown): Promise<ScimUser> {
    return this.change(actor, provider, id, userPatch(parsePatch(body)));
  }

  async delete(actor: Actor, provider: ProviderEntity, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { user } = await this.find(provider, id, tx);
      await this.users.deleteInTx(tx, actor, user.id);
    });
  }

  private change(actor: Actor, provider: ProviderEntity, id: string, input: ScimUserInput): Promise<ScimUser> {
    return this.db.transaction(async (tx) => {
      const { user, link } = await this.find(provider, id, tx);
      // Renaming would change who the user is in every cluster (impersonated by name): delete and create instead.
      if (input.userName !== undefined && canonicalUserName(input.userName) !== user.name)
        throw new ScimBadRequest(
          'mutability',
          `userName cannot change (it is ${user.name}): delete the user and create it again`,
        );
      return this.apply(tx, actor, provider, user, link, input);
    });
  }

  /** Saves the link and the active flag; going inactive revokes every credential, in this transaction. */
  private async apply(
    tx: Tx,
    actor: Actor,
    provider: ProviderEntity,
    user: UserEntity,
    link: ScimUserEntity,
    input: ScimUserInput,
  ): Promise<ScimUser> {
    const saved: ScimUserEntity = {
      ...link,
      ...(input.externalId !== undefined ? { externalId: input.externalId } : {}),
      ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
    };
    await this.repo.saveLink(saved, tx);
    let current = user;
    if (input.active !== undefined && input.active !== user.active) {
      current = { ...user, active: input.active, updated: this.clock.now() };
      await this.usersRepo.update(user.id, { active: current.active, updated: current.updated }, tx);
      if (!input.active) await this.keys.revokeAll(tx, actor, user.id);
      await this.audit.record(tx, actor, {
        action: input.active ? 'users.activate' : 'users.deactivate',
        targetType: 'user',
        targetId: user.id,
        targetName: user.name,
        details: { provider: provider.name, via: 'scim' },
      });
    }
    return toScimUser(current, saved);
  }

  private async find(
    provider: ProviderEntity,
    id: string,
    tx?: Tx,
  ): Promise<{ user: UserEntity; link: ScimUserEntity }> {
    const link = UUID.test(id) ? await this.repo.findLink(id, tx) : null;
    const user = link ? await this.usersRepo.findById(id, tx) : null;
    if (!link || !user || user.providerId !== provider.id) throw new NotFoundError(`user "${id}"`);
    return { user, link };
  }
}

function checkName(userName: string): string {
  if (!isUserName(userName) || !NOT_RESERVED.test(userName))
    throw new ScimBadRequest('invalidValue', 'userName must be an e-mail address or a lower-case machine name');
  return canonicalUserName(userName);
}

/** The 409's detail, which the IdP shows its admin: why the name is taken and, where they can, what to do. */
function takenBecause(name: string, user: UserEntity, linkedHere: boolean): string {
  if (linkedHere) return `a user named "${name}" is already provisioned by this provider`;
  if (!user.providerId)
    return `a user named "${name}" was made in Infra, not by this provider: remove it in Infra (infra users remove ${name}) to let this provider provision it`;
  return `a user named "${name}" belongs to another identity provider`;
}
