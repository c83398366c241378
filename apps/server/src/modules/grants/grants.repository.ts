import { Injectable } from '@nestjs/common';
import { Brackets, In } from 'typeorm';
import { INFRA_RESOURCE } from '@infra/access';
import { Database, type Tx } from '../../db/database.js';
import { Repository } from '../../db/repository.js';
import { paginate, type Page, type PageQuery } from '../../common/pagination.js';
import { GrantEntity } from './grant.entity.js';

export interface GrantFilter {
  userId?: string;
  /** With userId: also the grants of these groups (the user's). */
  inheritedGroupIds?: string[];
  groupId?: string;
  resource?: string;
  privilege?: string;
  destination?: string;
  /** Only grants in force at this time (expires_at after it, or none). */
  inForceAt?: Date;
}

/** Names of the users and groups grants refer to, by id. */
export interface SubjectNames {
  users: Map<string, string>;
  groups: Map<string, string>;
}

export interface GrantSubject {
  userId: string | null;
  groupId: string | null;
}

@Injectable()
export class GrantsRepository extends Repository {
  constructor(db: Database) {
    super(db);
  }

  findById(id: string, tx?: Tx): Promise<GrantEntity | null> {
    return this.em(tx).findOneBy(GrantEntity, { id });
  }

  findExisting(subject: GrantSubject, privilege: string, resource: string, tx?: Tx): Promise<GrantEntity | null> {
    return this.em(tx).findOneBy(GrantEntity, {
      ...(subject.userId ? { userId: subject.userId } : { groupId: subject.groupId! }),
      privilege,
      resource,
    });
  }

  async insert(grant: GrantEntity, tx: Tx): Promise<void> {
    await this.em(tx).insert(GrantEntity, grant);
  }

  async delete(id: string, tx: Tx): Promise<void> {
    await this.em(tx).delete(GrantEntity, { id });
  }

  /**
   * Marks up to `limit` grants that have ended by `now` and are not yet audited as audited, and returns them (at most
   * `id` when given). A row another transaction is marking is skipped, and one it has marked no longer matches, so
   * each grant is returned once, whichever replica asks.
   */
  async claimExpired(tx: Tx, now: Date, opts: { limit: number; id?: string }): Promise<GrantEntity[]> {
    const [rows] = (await this.em(tx).query(
      `UPDATE grants SET expiry_audited = true
        WHERE NOT expiry_audited AND id IN (
          SELECT id FROM grants
           WHERE expires_at <= $1 AND NOT expiry_audited AND ($2::uuid IS NULL OR id = $2)
           ORDER BY expires_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [now, opts.id ?? null, opts.limit],
    )) as [{ id: string }[], number];
    if (!rows.length) return [];
    return this.em(tx).find(GrantEntity, { where: { id: In(rows.map((r) => r.id)) }, order: { expiresAt: 'ASC' } });
  }

  list<T>(filter: GrantFilter, page: PageQuery, map: (g: GrantEntity) => T): Promise<Page<T>> {
    const qb = this.db.manager.createQueryBuilder(GrantEntity, 'g');
    if (filter.userId) {
      const groups = filter.inheritedGroupIds ?? [];
      qb.andWhere(
        new Brackets((w) => {
          w.where('g.user_id = :userId', { userId: filter.userId });
          if (groups.length) w.orWhere('g.group_id IN (:...groupIds)', { groupIds: groups });
        }),
      );
    }
    if (filter.groupId) qb.andWhere('g.group_id = :groupId', { groupId: filter.groupId });
    if (filter.resource !== undefined) qb.andWhere('g.resource = :resource', { resource: filter.resource });
    if (filter.privilege !== undefined) qb.andWhere('g.privilege = :privilege', { privilege: filter.privilege });
    if (filter.destination !== undefined)
      qb.andWhere('g.destination = :destination', { destination: filter.destination });
    if (filter.inForceAt)
      qb.andWhere('(g.expires_at IS NULL OR g.expires_at > :inForceAt)', { inForceAt: filter.inForceAt });
    return paginate(qb, page, map);
  }

  /** The names of these users and groups, in one query (a page of grants would otherwise take one per grant). */
  async subjectNames(userIds: string[], groupIds: string[], tx?: Tx): Promise<SubjectNames> {
    const names: SubjectNames = { users: new Map(), groups: new Map() };
    if (!userIds.length && !groupIds.length) return names;
    const rows = (await this.em(tx).query(
      `SELECT 'user' AS kind, id, name FROM users WHERE id = ANY($1::uuid[])
       UNION ALL
       SELECT 'group' AS kind, id, name FROM groups WHERE id = ANY($2::uuid[])`,
      [userIds, groupIds],
    )) as { kind: 'user' | 'group'; id: string; name: string }[];
    for (const r of rows) (r.kind === 'user' ? names.users : names.groups).set(r.id, r.name);
    return names;
  }

  /** Whether the user holds a grant in force on the destination or one of its namespaces, directly or through a group. */
  async holdsOnDestination(userId: string, destination: string, now: Date): Promise<boolean> {
    const rows = (await this.db.manager.query(
      `SELECT 1 FROM grants
        WHERE destination = $1 AND (expires_at IS NULL OR expires_at > $2)
          AND (user_id = $3 OR group_id IN (SELECT group_id FROM memberships WHERE user_id = $3))
        LIMIT 1`,
      [destination, now, userId],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Privileges on Infra itself held by the user directly or through a group, unexpired at `now`. */
  async infraPrivileges(userId: string, now: Date): Promise<string[]> {
    const rows = (await this.db.manager.query(
      `SELECT DISTINCT privilege FROM grants
        WHERE resource = $1 AND (expires_at IS NULL OR expires_at > $2)
          AND (user_id = $3 OR group_id IN (SELECT group_id FROM memberships WHERE user_id = $3))`,
      [INFRA_RESOURCE, now, userId],
    )) as { privilege: string }[];
    return rows.map((r) => r.privilege);
  }

  /** Resources of every destination the user holds a grant on, directly or through a group, unexpired at `now`. */
  async reachOf(userId: string, now: Date): Promise<{ destination: string; resource: string }[]> {
    return (await this.db.manager.query(
      `SELECT DISTINCT destination, resource FROM grants
        WHERE destination <> $1 AND (expires_at IS NULL OR expires_at > $2)
          AND (user_id = $3 OR group_id IN (SELECT group_id FROM memberships WHERE user_id = $3))`,
      [INFRA_RESOURCE, now, userId],
    )) as { destination: string; resource: string }[];
  }
}
