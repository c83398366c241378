// Access keys: `<keyId>.<secret>`, shown once; only a hash of the secret is kept. Sessions (from login)
// are keys of kind 'session' with a lifetime and an inactivity timeout from the configuration; connector
// keys (kind 'connector') only open their destination's stream. Credentials form families: a key or session
// records the credential it was made with (parentId), and revoking one revokes all its descendants.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { callerOf, isViewer, SYSTEM_ACTOR, type Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
} from '../../common/errors.js';
import { iso, type Page } from '../../common/pagination.js';
import { hashSecret, randomAlnum, secretMatches } from '../../common/secrets.js';
import { SERVER_CONFIG, type ServerConfig } from '../../config/config.js';
import { Database, type Tx } from '../../db/database.js';
import { AuditService } from '../audit/audit.service.js';
import { ChangeProjection } from '../changes/projection.js';
import type { UserEntity } from '../users/user.entity.js';
import { UsersRepository } from '../users/users.repository.js';
import { keyEnd, type AccessKeyEntity, type AccessKeyKind } from './access-key.entity.js';
import type { CreatedKeyResponse, CreateKeyDto, KeyResponse, ListKeysQuery } from './dto/key.dto.js';
import { KeysRepository } from './keys.repository.js';

export interface IssueKeyOptions {
  name?: string;
  kind?: AccessKeyKind;
  expirySeconds?: number;
  inactivityTimeoutSeconds?: number;
  /** A fixed `<id>.<secret>` (the bootstrap admin key from the environment). */
  accessKey?: string;
  /** A session opened by password login (see AccessKeyEntity.fromPassword). */
  fromPassword?: boolean;
  /** The credential this one is made with (see AccessKeyEntity.parentId). */
  parentId?: string | null;
}

/** How often lastUsed / lastSeenAt are written: once a minute is plenty for "last used". */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * How stale a key's lastUsed may be before a use writes it: once a minute, or a tenth of its inactivity timeout when
 * that is shorter, so that a key in use ends at most a tenth of its timeout early (a 60 s timeout used every 30 s would
 * otherwise end 60 s after the first use).
 */
export function touchInterval(key: Pick<AccessKeyEntity, 'inactivityTimeout'>): number {
  return key.inactivityTimeout ? Math.min(TOUCH_INTERVAL_MS, key.inactivityTimeout * 100) : TOUCH_INTERVAL_MS;
}

@Injectable()
export class KeysService {
  constructor(
    private readonly db: Database,
    private readonly keys: KeysRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly events: ChangeProjection,
    private readonly clock: Clock,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  async create(actor: Actor, dto: CreateKeyDto): Promise<CreatedKeyResponse> {
    const caller = callerOf(actor);
    const userId = dto.userID ?? caller.userId;
    const self = userId === caller.userId;
    if (!self && caller.role !== 'admin') throw new ForbiddenError('only an admin may create keys for other users');
    // Admins are held to the maximum too: a key an admin hands out leaks like any other.
    if (dto.expiry !== undefined && dto.expiry > this.config.keyMaxTtlSeconds) {
      throw BadRequestError.field(
        'expiry',
        `must be at most ${this.config.keyMaxTtlSeconds} seconds (INFRA_KEY_MAX_TTL)`,
      );
    }
    return this.db.transaction(async (tx) => {
      const user = await this.users.findById(userId, tx);
      if (!user) throw new NotFoundError(`user "${userId}"`);
      return this.issue(tx, actor, user, {
        name: dto.name,
        expirySeconds: dto.expiry ?? this.config.keyDefaultTtlSeconds,
        inactivityTimeoutSeconds: dto.inactivityTimeout,
        // A key for oneself descends from the credential that made it; a key an admin makes for someone else
        // belongs to that user (it must survive the admin's logout) and is a root of its own family.
        parentId: self ? caller.credentialId : null,
      });
    });
  }

  /** Issues a key for a user inside a larger transaction; the answer carries the secret (once). */
  async issue(tx: Tx, actor: Actor, user: UserEntity, opts: IssueKeyOptions): Promise<CreatedKeyResponse> {
    const kind = opts.kind ?? 'key';
    const [keyId, secret] = (opts.accessKey ?? `${randomAlnum(10)}.${randomAlnum(24)}`).split('.') as [string, string];
    const name = opts.name ?? `${kind}-${keyId}`;
    if (await this.keys.findByName(user.id, name, tx))
      throw new ConflictError(`${user.name} already has a key named "${name}"`);
    const now = this.clock.now();
    const key: AccessKeyEntity = {
      id: randomUUID(),
      keyId,
      secretHash: hashSecret(secret),
      name,
      kind,
      userId: user.id,
      created: now,
      expires: opts.expirySeconds ? new Date(now.getTime() + opts.expirySeconds * 1000) : null,
      inactivityTimeout: opts.inactivityTimeoutSeconds ?? null,
      lastUsed: null,
      fromPassword: opts.fromPassword ?? false,
      parentId: opts.parentId ?? null,
    };
    await this.keys.insert(key, tx);
    await this.audit.record(tx, actor, {
      action: `${kind}s.create`,
      targetType: kind,
      targetId: key.id,
      targetName: name,
      details: { userID: user.id },
    });
    return { ...toKeyResponse(key, user.name), accessKey: `${keyId}.${secret}` };
  }

  /**
   * A login session: from a password (no parent) or from an access key or approving session (its child). `notAfter`
   * caps its end (a session made by another credential must not outlive it).
   */
  createSession(
    tx: Tx,
    actor: Actor,
    user: UserEntity,
    opts: { fromPassword: boolean; parentId: string | null; notAfter?: Date | null },
  ): Promise<CreatedKeyResponse> {
    const capSeconds = opts.notAfter
      ? Math.floor((opts.notAfter.getTime() - this.clock.now().getTime()) / 1000)
      : Infinity;
    return this.issue(tx, actor, user, {
      kind: 'session',
      fromPassword: opts.fromPassword,
      parentId: opts.parentId,
      expirySeconds: Math.max(1, Math.min(this.config.sessionTtlSeconds, capSeconds)),
      inactivityTimeoutSeconds: this.config.sessionInactivitySeconds,
    });
  }

  async list(actor: Actor, query: ListKeysQuery): Promise<Page<KeyResponse>> {
    const caller = callerOf(actor);
    const userId = isViewer(caller) ? query.userID : (query.userID ?? caller.userId);
    if (userId !== undefined && userId !== caller.userId && !isViewer(caller))
      throw new ForbiddenError('you may only list your own keys');
    const names = new Map<string, string>();
    const page = await this.keys.list({ userId, kinds: ['key', 'connector'] }, query, (k) => k);
    for (const k of page.items) {
      if (!names.has(k.userId)) names.set(k.userId, (await this.users.findById(k.userId))?.name ?? '');
    }
    return { ...page, items: page.items.map((k) => toKeyResponse(k, names.get(k.userId) ?? '')) };
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const caller = callerOf(actor);
    await this.db.transaction(async (tx) => {
      const key = await this.keys.findById(id, tx);
      if (!key || (key.userId !== caller.userId && caller.role !== 'admin')) throw new NotFoundError(`key "${id}"`);
      await this.revoke(tx, actor, key);
    });
  }

  /**
   * Deletes a key or session and every credential descended from it, and tells connectors to refuse tokens
   * issued from each (one revocation entry per credential, all in the caller's transaction).
   */
  async revoke(tx: Tx, actor: Actor, key: AccessKeyEntity): Promise<void> {
    // An ended key the sweep has not reached yet: the log says it expired before it says it was deleted.
    await this.auditExpired(tx, this.clock.now(), { limit: 1, id: key.id });
    for (const child of await this.keys.children(key.id, tx)) await this.revoke(tx, actor, child);
    await this.events.record(tx, { type: 'credential_revoked', credentialId: key.id, userId: key.userId }, () =>
      this.keys.delete(key.id, tx),
    );
    await this.audit.record(tx, actor, {
      action: `${key.kind}s.delete`,
      targetType: key.kind,
      targetId: key.id,
      targetName: key.name,
    });
  }

  /**
   * Audits as `${kind}s.expired` (`sessions.expired`, `keys.expired`), at the instant each ended and why (`reason`:
   * lifetime or inactivity, whichever end came first, see keyEnd), up to `limit` keys of any kind that ended by `now`
   * and are not audited yet (only `id` when given); returns the kind of each.
   */
  async auditExpired(tx: Tx, now: Date, opts: { limit: number; id?: string }): Promise<AccessKeyKind[]> {
    // Claimed: each has an end, at or before now.
    const ended = (await this.keys.claimEnded(tx, now, opts)).map((key) => ({ key, end: keyEnd(key)! }));
    ended.sort((a, b) => a.end.at.getTime() - b.end.at.getTime());
    for (const { key, end } of ended) {
      await this.audit.record(tx, SYSTEM_ACTOR, {
        action: `${key.kind}s.expired`,
        targetType: key.kind,
        targetId: key.id,
        targetName: key.name,
        at: end.at,
        details: { userID: key.userId, reason: end.reason },
      });
    }
    return ended.map(({ key }) => key.kind);
  }

  /**
   * Ends the user's sessions (and what they made) after a password change, except `keep` (the session that
   * changed it), so that whoever else knew the old password is out.
   */
  async revokeSessions(tx: Tx, actor: Actor, userId: string, keep: string | null): Promise<void> {
    for (const session of await this.keys.sessionsOf(userId, tx)) {
      // A session already gone as the descendant of another one revoked above.
      if (session.id !== keep && (await this.keys.findById(session.id, tx))) await this.revoke(tx, actor, session);
    }
  }

  /** Revokes every credential the user holds (deactivation by their provider): connectors hear of each at once. */
  async revokeAll(tx: Tx, actor: Actor, userId: string): Promise<void> {
    for (const key of await this.keys.forUser(userId, tx)) {
      if (await this.keys.findById(key.id, tx)) await this.revoke(tx, actor, key);
    }
  }

  /** The key and its user for a presented `<id>.<secret>`; 401 with the reason otherwise. */
  async authenticate(presented: string): Promise<{ key: AccessKeyEntity; user: UserEntity }> {
    const [keyId, secret, extra] = presented.split('.');
    if (!keyId || !secret || extra !== undefined || keyId.length > 32)
      throw new UnauthenticatedError('access key is malformed');
    const key = await this.keys.findByKeyId(keyId);
    if (!key || !secretMatches(secret, key.secretHash)) throw new UnauthenticatedError('access key is not valid');
    const now = this.clock.now();
    // The rule the expiry audit dates a session's end by (keyEnd); a refused key is never touched, so its end is final.
    const end = keyEnd(key);
    if (end && end.at <= now) {
      throw new UnauthenticatedError(
        end.reason === 'lifetime' ? 'access key has expired' : 'access key has expired after inactivity',
      );
    }
    const user = await this.users.findById(key.userId);
    if (!user) throw new UnauthenticatedError('access key is not valid');
    // Deactivation revokes every key at once; this covers a key made in a race with it.
    if (!user.active) throw new UnauthenticatedError('the user is deactivated');
    if (!key.lastUsed || now.getTime() - key.lastUsed.getTime() > touchInterval(key))
      await this.keys.touch(key.id, now);
    if (!user.lastSeenAt || now.getTime() - user.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.users.update(user.id, { lastSeenAt: now });
    }
    return { key, user };
  }
}

export function toKeyResponse(k: AccessKeyEntity, userName: string): KeyResponse {
  return {
    id: k.id,
    name: k.name,
    userID: k.userId,
    userName,
    created: k.created.toISOString(),
    expires: iso(k.expires),
    lastUsed: iso(k.lastUsed),
    inactivityTimeout: k.inactivityTimeout,
  };
}
