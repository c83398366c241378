import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { callerOf, isViewer, type Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
} from '../../common/errors.js';
import { canonicalUserName, isPerson, UUID } from '../../common/names.js';
import { iso, type Page, type PageQuery } from '../../common/pagination.js';
import { PasswordHasher } from '../../common/password-hasher.js';
import { randomAlnum } from '../../common/secrets.js';
import { SERVER_CONFIG, type ServerConfig } from '../../config/config.js';
import { Database, type Tx } from '../../db/database.js';
import { AuditService } from '../audit/audit.service.js';
import { ChangeProjection } from '../changes/projection.js';
import { KeysService } from '../keys/keys.service.js';
import type { CreatedUserResponse, UserResponse } from './dto/user.response.js';
import type { CreateUserDto, UpdateUserDto } from './dto/create-user.dto.js';
import type { ListUsersQuery } from './dto/list-users.query.js';
import type { UserEntity } from './user.entity.js';
import { UsersRepository } from './users.repository.js';

/** `providers`: provider names by id, for the users that come from one. */
export function toUserResponse(u: UserEntity, providers: Map<string, string>): UserResponse {
  return {
    id: u.id,
    name: u.name,
    created: u.created.toISOString(),
    updated: u.updated.toISOString(),
    lastSeenAt: iso(u.lastSeenAt),
    passwordUpdateRequired: u.passwordUpdateRequired,
    ...(u.providerId
      ? { provider: providers.get(u.providerId) ?? u.providerId, providerSubject: u.providerSubject ?? '' }
      : {}),
  };
}

/** A page of users as answers, each naming the provider it comes from. */
export async function userPage(
  users: UsersRepository,
  filter: { name?: string; ids?: string[] },
  page: PageQuery,
): Promise<Page<UserResponse>> {
  const found = await users.list(filter, page, (u) => u);
  const names = await users.providerNames([...new Set(found.items.flatMap((u) => u.providerId ?? []))]);
  return { ...found, items: found.items.map((u) => toUserResponse(u, names)) };
}

/** Where a user comes from when a provider's login makes them. */
export interface UserOrigin {
  providerId: string;
  /** The provider's `sub`; SCIM gives only its own externalId (Okta's is the user's id, the `sub`), or nothing. */
  subject: string | null;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly db: Database,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly events: ChangeProjection,
    private readonly keys: KeysService,
    private readonly clock: Clock,
    private readonly passwords: PasswordHasher,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  /** A user by id or by name; 404 when there is none. */
  async resolve(ref: string, tx?: Tx): Promise<UserEntity> {
    const user = UUID.test(ref) ? await this.users.findById(ref, tx) : await this.users.findByName(ref, tx);
    if (!user) throw new NotFoundError(`user "${ref}"`);
    return user;
  }

  async create(actor: Actor, dto: CreateUserDto): Promise<CreatedUserResponse> {
    // People get a password they must replace on first login; machines authenticate with keys only.
    const oneTimePassword = dto.password === undefined && isPerson(dto.name) ? randomAlnum(16) : undefined;
    const password = dto.password ?? oneTimePassword;
    const user = await this.db.transaction((tx) => this.insert(tx, actor, dto.name, password));
    return { ...toUserResponse(user, new Map()), ...(oneTimePassword ? { oneTimePassword } : {}) };
  }

  /** Creates a user inside a larger transaction (bootstrap, destinations, a provider's login); 409 when the name is taken. */
  async insert(
    tx: Tx,
    actor: Actor,
    spelled: string,
    oneTimePassword?: string,
    origin?: UserOrigin,
  ): Promise<UserEntity> {
    const name = canonicalUserName(spelled);
    if (await this.users.findByName(name, tx)) throw new ConflictError(`a user named "${name}" already exists`);
    const now = this.clock.now();
    const user: UserEntity = {
      id: randomUUID(),
      name,
      passwordHash: oneTimePassword ? await this.passwords.hash(oneTimePassword) : null,
      passwordUpdateRequired: oneTimePassword !== undefined,
      created: now,
      updated: now,
      lastSeenAt: null,
      active: true,
      providerId: origin?.providerId ?? null,
      providerSubject: origin?.subject ?? null,
    };
    await this.users.insert(user, tx);
    await this.audit.record(tx, actor, {
      action: 'users.create',
      targetType: 'user',
      targetId: user.id,
      targetName: name,
      ...(origin ? { details: { providerId: origin.providerId, subject: origin.subject } } : {}),
    });
    return user;
  }

  list(query: ListUsersQuery): Promise<Page<UserResponse>> {
    return userPage(this.users, { name: query.name }, query);
  }

  private async respond(u: UserEntity, tx?: Tx): Promise<UserResponse> {
    return toUserResponse(u, await this.users.providerNames(u.providerId ? [u.providerId] : [], tx));
  }

  async get(actor: Actor, id: string): Promise<UserResponse> {
    const caller = callerOf(actor);
    if (id !== caller.userId && !isViewer(caller)) throw new ForbiddenError('you may only see your own user');
    return this.respond(await this.resolve(id));
  }

  async self(actor: Actor): Promise<UserResponse> {
    return this.respond(await this.resolve(callerOf(actor).userId));
  }

  /**
   * Users change their own password (giving the old one if they had one); an admin may set anyone's,
   * which makes it one-time again. Either way the user's other sessions end (with the keys they made): whoever
   * knew the old password is out. The session that made the change goes on, also a one-time-password session
   * (the password it was held to is now replaced, and the CLI carries on with it); an admin's reset ends all.
   */
  async setPassword(actor: Actor, id: string, dto: UpdateUserDto): Promise<UserResponse> {
    const caller = callerOf(actor);
    const self = id === caller.userId;
    if (!self && caller.role !== 'admin') throw new ForbiddenError("only an admin may set another user's password");
    const updated = await this.db.transaction(async (tx) => {
      const user = await this.resolve(id, tx);
      // Whoever the provider vouches for logs in there; a local password would outlive their removal at the provider.
      if (user.providerId) {
        const provider = (await this.users.providerNames([user.providerId], tx)).get(user.providerId);
        throw new ConflictError(
          `${user.name} logs in through the identity provider ${provider}: a provider user cannot have a local password`,
        );
      }
      if (self && user.passwordHash && !user.passwordUpdateRequired) {
        if (dto.oldPassword === undefined) throw BadRequestError.field('oldPassword', 'is required');
        if (!(await this.passwords.verify(dto.oldPassword, user.passwordHash))) {
          throw BadRequestError.field('oldPassword', 'does not match the current password');
        }
      }
      const fields = {
        passwordHash: await this.passwords.hash(dto.password),
        passwordUpdateRequired: !self,
        updated: this.clock.now(),
      };
      await this.users.update(user.id, fields, tx);
      await this.keys.revokeSessions(tx, actor, user.id, self ? caller.credentialId : null);
      await this.audit.record(tx, actor, {
        action: 'users.password',
        targetType: 'user',
        targetId: user.id,
        targetName: user.name,
      });
      return { ...user, ...fields };
    });
    return this.respond(updated);
  }

  async delete(actor: Actor, id: string): Promise<void> {
    if (id === callerOf(actor).userId) throw new ConflictError('you cannot delete yourself');
    await this.db.transaction((tx) => this.deleteInTx(tx, actor, id));
  }

  /** Deletes a user inside a larger transaction (a destination takes its connector user along). */
  async deleteInTx(tx: Tx, actor: Actor, id: string): Promise<void> {
    const user = await this.resolve(id, tx);
    // Grants go with the user (ON DELETE CASCADE); connectors hear of each, and refuse tokens already issued to the user.
    await this.events.record(tx, { type: 'user_deleted', userId: user.id }, () => this.users.delete(user.id, tx));
    await this.audit.record(tx, actor, {
      action: 'users.delete',
      targetType: 'user',
      targetId: user.id,
      targetName: user.name,
    });
  }

  /**
   * Name + password login; the caller turns the user into a session. A failure is audited (the name tried and why,
   * never the password). A hash made with weaker parameters than today's is rewritten.
   */
  async checkPassword(actor: Actor, name: string, password: string): Promise<UserEntity> {
    const user = await this.users.findByName(name);
    // Same answer and the same scrypt work for an unknown user and a wrong password: do not reveal which names exist.
    const ok = await this.passwords.verify(password, user?.passwordHash ?? null);
    if (!user || !ok) {
      const reason = !user ? 'unknown user' : user.passwordHash ? 'wrong password' : 'user has no password';
      await this.audit.recordLoginFailure(actor, {
        method: 'password',
        targetType: 'user',
        targetId: user?.id,
        targetName: name,
        reason,
      });
      throw new UnauthenticatedError('name or password is not valid');
    }
    if (this.passwords.needsRehash(user.passwordHash!)) {
      const passwordHash = await this.passwords.hash(password);
      await this.users.update(user.id, { passwordHash });
    }
    return user;
  }
}
