// Turns a bearer credential into a Caller (user, credential, role on Infra), and handles login/logout.
import { Injectable } from '@nestjs/common';
import type { Actor, Caller, Role } from '../../common/actor.js';
import { callerOf } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { BadRequestError, ForbiddenError, UnauthenticatedError } from '../../common/errors.js';
import { Database } from '../../db/database.js';
import { AuditService, type LoginMethod } from '../audit/audit.service.js';
import { GrantsRepository } from '../grants/grants.repository.js';
import { KeysRepository } from '../keys/keys.repository.js';
import { KeysService } from '../keys/keys.service.js';
import { ProviderLoginService } from '../providers/provider-login.service.js';
import { UsersService } from '../users/users.service.js';
import type { LoginDto, LoginResponse } from './dto/login.dto.js';

/** What REST and the admin API answer a connector key: it opens its destination's stream and nothing else. */
export function connectorKeyError(): ForbiddenError {
  return new ForbiddenError(
    "a connector key only opens its destination's connector stream: use a user's access key here",
  );
}

@Injectable()
export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly keys: KeysService,
    private readonly keysRepo: KeysRepository,
    private readonly users: UsersService,
    private readonly grants: GrantsRepository,
    private readonly clock: Clock,
    private readonly providerLogins: ProviderLoginService,
    private readonly audit: AuditService,
  ) {}

  async authenticate(bearer: string): Promise<Caller> {
    const { key, user } = await this.keys.authenticate(bearer);
    return {
      userId: user.id,
      name: user.name,
      credentialId: key.id,
      credentialKind: key.kind,
      role: await this.roleOf(user.id),
      mustChangePassword: key.kind === 'session' && key.fromPassword && user.passwordUpdateRequired,
    };
  }

  /** admin and view come from grants on the resource `infra`, directly or through a group. */
  async roleOf(userId: string): Promise<Role> {
    const privileges = await this.grants.infraPrivileges(userId, this.clock.now());
    if (privileges.includes('admin')) return 'admin';
    if (privileges.includes('view')) return 'view';
    return 'user';
  }

  async login(actor: Actor, dto: LoginDto): Promise<LoginResponse> {
    let user;
    let parentId: string | null = null;
    const given = [
      dto.accessKey !== undefined,
      dto.name !== undefined || dto.password !== undefined,
      dto.oidc !== undefined,
    ];
    if (given.filter(Boolean).length > 1) {
      throw new BadRequestError('give one of accessKey, name and password, or oidc', [
        { field: dto.oidc ? 'oidc' : 'accessKey', errors: ['cannot be combined with another way of logging in'] },
      ]);
    }
    if (dto.oidc !== undefined) {
      user = await this.providerLogins.finish(actor, dto.oidc);
    } else if (dto.accessKey !== undefined) {
      if (dto.name !== undefined || dto.password !== undefined) {
        throw new BadRequestError('give either accessKey or name and password', [
          { field: 'accessKey', errors: ['cannot be combined with name and password'] },
        ]);
      }
      const { key, user: owner } = await this.keys.authenticate(dto.accessKey).catch(async (e: unknown) => {
        if (e instanceof UnauthenticatedError) await this.refused(actor, dto.accessKey!, e.message);
        throw e;
      });
      // A session logging in again would outlive its own end (and shed a pending password change).
      const refusal =
        key.kind === 'session'
          ? new ForbiddenError('a session cannot log in again: log in with your access key or password')
          : key.kind === 'connector'
            ? connectorKeyError()
            : undefined;
      if (refusal) {
        await this.refused(actor, dto.accessKey, refusal.message, owner);
        throw refusal;
      }
      user = owner;
      parentId = key.id;
    } else {
      if (dto.name === undefined) throw BadRequestError.field('name', 'is required without accessKey');
      if (dto.password === undefined) throw BadRequestError.field('password', 'is required without accessKey');
      user = await this.users.checkPassword(actor, dto.name, dto.password);
    }
    if (!user.active) throw new UnauthenticatedError('the user is deactivated');
    const loggedIn: Actor = {
      ...actor,
      caller: {
        userId: user.id,
        name: user.name,
        credentialId: '',
        credentialKind: 'session',
        role: 'user',
        mustChangePassword: false,
      },
    };
    const method: LoginMethod = dto.oidc ? 'provider' : dto.accessKey !== undefined ? 'key' : 'password';
    const session = await this.db.transaction(async (tx) => {
      const made = await this.keys.createSession(tx, loggedIn, user, { fromPassword: method === 'password', parentId });
      await this.audit.recordLogin(tx, loggedIn, { method, sessionId: made.id, provider: dto.oidc?.provider });
      return made;
    });
    return {
      userID: user.id,
      name: user.name,
      accessKey: session.accessKey,
      expires: session.expires,
      passwordUpdateRequired: user.passwordUpdateRequired,
    };
  }

  /** Audits a refused access-key login by the key's public id (the part before the dot), never its secret. */
  private refused(
    actor: Actor,
    accessKey: string,
    reason: string,
    owner?: { id: string; name: string },
  ): Promise<void> {
    // A malformed key could be a secret pasted alone: name no part of it.
    const parts = accessKey.split('.');
    const keyId = parts.length === 2 && /^[A-Za-z0-9]{1,32}$/.test(parts[0]!) ? parts[0] : undefined;
    return this.audit.recordLoginFailure(actor, {
      method: 'key',
      targetType: owner ? 'user' : 'key',
      targetId: owner?.id,
      targetName: owner?.name ?? keyId,
      reason,
    });
  }

  /** Ends the calling session. Called with a long-lived access key it does nothing: delete keys explicitly. */
  async logout(actor: Actor): Promise<void> {
    const caller = callerOf(actor);
    if (caller.credentialKind !== 'session') return;
    await this.db.transaction(async (tx) => {
      const session = await this.keysRepo.findById(caller.credentialId, tx);
      if (session) await this.keys.revoke(tx, actor, session);
    });
  }
}
