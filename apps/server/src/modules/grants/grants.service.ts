import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { INFRA_RESOURCE, InvalidResourceError, parseResource } from '@infra/access';
import { callerOf, isViewer, SYSTEM_ACTOR, type Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../../common/errors.js';
import type { Page } from '../../common/pagination.js';
import { Database, type Tx } from '../../db/database.js';
import { AuditService } from '../audit/audit.service.js';
import { ChangeProjection } from '../changes/projection.js';
import { GroupsRepository } from '../groups/groups.repository.js';
import { GroupsService } from '../groups/groups.service.js';
import { UsersService } from '../users/users.service.js';
import type {
  CreatedGrantResponse,
  CreateGrantDto,
  DeleteGrantsQuery,
  GrantResponse,
  ListGrantsQuery,
} from './dto/grant.dto.js';
import type { GrantEntity } from './grant.entity.js';
import { GrantsRepository, type GrantFilter, type GrantSubject } from './grants.repository.js';

export interface GrantSpec {
  subject: GrantSubject;
  privilege: string;
  resource: string;
  expiresAt: Date | null;
}

const INFRA_PRIVILEGES = ['admin', 'view'];

/** The destination a resource belongs to; 400 naming the field when the resource is not valid. */
export function destinationOf(resource: string, privilege: string): string {
  if (resource === INFRA_RESOURCE) {
    if (!INFRA_PRIVILEGES.includes(privilege))
      throw BadRequestError.field('privilege', 'must be admin or view on infra');
    return INFRA_RESOURCE;
  }
  try {
    return parseResource(resource).destination;
  } catch (e) {
    if (e instanceof InvalidResourceError) throw BadRequestError.field('resource', e.message);
    throw e;
  }
}

/** Expired at `now` when expiresAt <= now: the same rule as the connector's and the token checks' `expires_at > now`. */
export function isExpired(g: Pick<GrantEntity, 'expiresAt'>, now: Date): boolean {
  return g.expiresAt !== null && g.expiresAt.getTime() <= now.getTime();
}

/** What an audit row says about a grant. */
function factsOf(grant: GrantEntity): Record<string, unknown> {
  return {
    user: grant.userId,
    group: grant.groupId,
    privilege: grant.privilege,
    resource: grant.resource,
    expiresAt: grant.expiresAt?.toISOString() ?? null,
  };
}

@Injectable()
export class GrantsService {
  constructor(
    private readonly db: Database,
    private readonly grants: GrantsRepository,
    private readonly users: UsersService,
    private readonly groups: GroupsService,
    private readonly groupsRepo: GroupsRepository,
    private readonly audit: AuditService,
    private readonly events: ChangeProjection,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, query: ListGrantsQuery): Promise<Page<GrantResponse>> {
    const caller = callerOf(actor);
    const filter: GrantFilter = {
      resource: query.resource,
      privilege: query.privilege,
      destination: query.destination,
    };
    // A grant whose expiresAt is now has expired, as everywhere else (the connector, tokens): in force means expiresAt > now.
    if (!query.includeExpired) filter.inForceAt = this.clock.now();
    if (query.user !== undefined) filter.userId = (await this.users.resolve(query.user)).id;
    if (query.group !== undefined) filter.groupId = (await this.groups.resolve(query.group)).id;
    let inherited = query.showInherited ?? false;
    if (!isViewer(caller)) {
      // A plain user reads only their own grants, including those of their groups.
      const own = await this.groupsRepo.groupIdsOf(caller.userId);
      if (filter.userId !== undefined && filter.userId !== caller.userId)
        throw new ForbiddenError('you may only see your own grants');
      if (filter.groupId !== undefined && !own.includes(filter.groupId))
        throw new ForbiddenError('you may only see your own grants');
      if (filter.groupId === undefined) {
        filter.userId = caller.userId;
        inherited = query.showInherited ?? true;
      }
    }
    if (filter.userId && inherited) filter.inheritedGroupIds = await this.groupsRepo.groupIdsOf(filter.userId);
    const page = await this.grants.list(filter, query, (g) => g);
    return { ...page, items: await this.describe(page.items) };
  }

  async create(actor: Actor, dto: CreateGrantDto): Promise<CreatedGrantResponse> {
    let expiresAt: Date | null = null;
    if (dto.expiresAt !== undefined) {
      expiresAt = new Date(dto.expiresAt);
      if (expiresAt <= this.clock.now()) throw BadRequestError.field('expiresAt', 'must be in the future');
    }
    return this.db.transaction(async (tx) => {
      const subject = await this.subjectOf(dto, tx);
      const { grant, wasCreated, extendedFrom } = await this.grant(
        tx,
        actor,
        { subject, privilege: dto.privilege, resource: dto.resource, expiresAt },
        { extend: true },
      );
      const described = { ...(await this.describe([grant], tx))[0]!, wasCreated };
      return extendedFrom ? { ...described, extendedFrom: extendedFrom.toISOString() } : described;
    });
  }

  /**
   * Adds a grant inside a larger transaction; an identical grant in force is returned as it is. With `extend` (an
   * admin adding a grant, an approved access request), a grant in force that ends before `spec.expiresAt` is replaced
   * by the longer one and audited as `grants.extend`; one that lasts longer is never shortened. An expired grant is
   * history (the audit log keeps it): granting again replaces it.
   */
  async grant(
    tx: Tx,
    actor: Actor,
    spec: GrantSpec,
    opts: { extend?: boolean } = {},
  ): Promise<{ grant: GrantEntity; wasCreated: boolean; extendedFrom?: Date }> {
    const destination = destinationOf(spec.resource, spec.privilege);
    const existing = await this.grants.findExisting(spec.subject, spec.privilege, spec.resource, tx);
    const live = existing && !isExpired(existing, this.clock.now()) ? existing : null;
    const extendedFrom =
      opts.extend && live?.expiresAt && (spec.expiresAt === null || live.expiresAt < spec.expiresAt)
        ? live.expiresAt
        : undefined;
    if (live && !extendedFrom) return { grant: live, wasCreated: false };
    const grant: GrantEntity = {
      id: randomUUID(),
      ...spec.subject,
      privilege: spec.privilege,
      resource: spec.resource,
      destination,
      expiresAt: spec.expiresAt,
      created: this.clock.now(),
      createdBy: actor.caller?.userId ?? null,
    };
    const facts = factsOf(grant);
    if (live) {
      // One audit row says what happened; connectors hear the old grant go and the longer one come in one change.
      await this.events.record(tx, { type: 'grant_removed', grant: live }, () => this.grants.delete(live.id, tx));
      await this.events.record(tx, { type: 'grant_created', grant }, () => this.grants.insert(grant, tx));
      await this.audit.record(tx, actor, {
        action: 'grants.extend',
        targetType: 'grant',
        targetId: grant.id,
        details: { ...facts, previousGrant: live.id, previousExpiresAt: extendedFrom!.toISOString() },
      });
      return { grant, wasCreated: false, extendedFrom };
    }
    if (existing) await this.remove(tx, actor, existing);
    await this.events.record(tx, { type: 'grant_created', grant }, () => this.grants.insert(grant, tx));
    await this.audit.record(tx, actor, {
      action: 'grants.create',
      targetType: 'grant',
      targetId: grant.id,
      details: facts,
    });
    return { grant, wasCreated: true };
  }

  async deleteById(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const grant = await this.grants.findById(id, tx);
      if (!grant) throw new NotFoundError(`grant "${id}"`);
      await this.remove(tx, actor, grant);
    });
  }

  async deleteMatching(actor: Actor, query: DeleteGrantsQuery): Promise<void> {
    await this.db.transaction(async (tx) => {
      const subject = await this.subjectOf(query, tx);
      const grant = await this.grants.findExisting(subject, query.privilege, query.resource, tx);
      if (!grant) {
        throw new NotFoundError(`grant of ${query.privilege} on ${query.resource} to ${query.user ?? query.group}`);
      }
      await this.remove(tx, actor, grant);
    });
  }

  /** The grant of this privilege on this resource to the subject, expired or not; null when there is none. */
  find(tx: Tx, subject: GrantSubject, privilege: string, resource: string): Promise<GrantEntity | null> {
    return this.grants.findExisting(subject, privilege, resource, tx);
  }

  findById(tx: Tx, id: string): Promise<GrantEntity | null> {
    return this.grants.findById(id, tx);
  }

  /**
   * Audits as `grants.expired`, at the instant each ended, up to `limit` grants that have ended by `now` and are not
   * audited yet (only `id` when given); returns how many. Connectors need no change: they know each grant's end.
   */
  async auditExpired(tx: Tx, now: Date, opts: { limit: number; id?: string }): Promise<number> {
    const ended = await this.grants.claimExpired(tx, now, opts);
    for (const grant of ended) {
      await this.audit.record(tx, SYSTEM_ACTOR, {
        action: 'grants.expired',
        targetType: 'grant',
        targetId: grant.id,
        at: grant.expiresAt!,
        details: factsOf(grant),
      });
    }
    return ended.length;
  }

  /** Removes a grant inside a larger transaction (apply), telling connectors. */
  async remove(tx: Tx, actor: Actor, grant: GrantEntity): Promise<void> {
    // An ended grant the sweep has not reached yet: the log says it expired before it says it was deleted.
    await this.auditExpired(tx, this.clock.now(), { limit: 1, id: grant.id });
    await this.events.record(tx, { type: 'grant_removed', grant }, () => this.grants.delete(grant.id, tx));
    await this.audit.record(tx, actor, {
      action: 'grants.delete',
      targetType: 'grant',
      targetId: grant.id,
      details: { user: grant.userId, group: grant.groupId, privilege: grant.privilege, resource: grant.resource },
    });
  }

  private async subjectOf(ref: { user?: string; group?: string }, tx: Tx): Promise<GrantSubject> {
    if ((ref.user === undefined) === (ref.group === undefined)) {
      throw new BadRequestError('give exactly one of user or group', [
        { field: 'user', errors: ['exactly one of user or group is required'] },
      ]);
    }
    if (ref.user !== undefined) return { userId: (await this.users.resolve(ref.user, tx)).id, groupId: null };
    return { userId: null, groupId: (await this.groups.resolve(ref.group!, tx)).id };
  }

  private async describe(grants: GrantEntity[], tx?: Tx): Promise<GrantResponse[]> {
    const ids = (pick: (g: GrantEntity) => string | null) => [
      ...new Set(grants.map(pick).filter((id): id is string => !!id)),
    ];
    const names = await this.grants.subjectNames(
      ids((g) => g.userId),
      ids((g) => g.groupId),
      tx,
    );
    return grants.map((g) => {
      const r: GrantResponse = {
        id: g.id,
        privilege: g.privilege,
        resource: g.resource,
        expiresAt: g.expiresAt?.toISOString() ?? null,
        created: g.created.toISOString(),
        createdBy: g.createdBy,
      };
      if (g.userId) Object.assign(r, { user: g.userId, userName: names.users.get(g.userId) ?? '' });
      if (g.groupId) Object.assign(r, { group: g.groupId, groupName: names.groups.get(g.groupId) ?? '' });
      return r;
    });
  }
}
