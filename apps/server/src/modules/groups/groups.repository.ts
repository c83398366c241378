import { Injectable } from '@nestjs/common';
import { Database, type Tx } from '../../db/database.js';
import { Repository } from '../../db/repository.js';
import { paginate, type Page, type PageQuery } from '../../common/pagination.js';
import { GroupEntity, MembershipEntity } from './group.entity.js';

@Injectable()
export class GroupsRepository extends Repository {
  constructor(db: Database) {
    super(db);
  }

  findById(id: string, tx?: Tx): Promise<GroupEntity | null> {
    return this.em(tx).findOneBy(GroupEntity, { id });
  }

  findByName(name: string, tx?: Tx): Promise<GroupEntity | null> {
    return this.em(tx).findOneBy(GroupEntity, { name });
  }

  async insert(group: GroupEntity, tx: Tx): Promise<void> {
    await this.em(tx).insert(GroupEntity, group);
  }

  async delete(id: string, tx: Tx): Promise<void> {
    await this.em(tx).delete(GroupEntity, { id });
  }

  async touch(id: string, at: Date, tx: Tx): Promise<void> {
    await this.em(tx).update(GroupEntity, { id }, { updated: at });
  }

  list<T>(filter: { name?: string; userId?: string }, page: PageQuery, map: (g: GroupEntity) => T): Promise<Page<T>> {
    const qb = this.db.manager.createQueryBuilder(GroupEntity, 'g');
    if (filter.name !== undefined) qb.andWhere('g.name = :name', { name: filter.name });
    if (filter.userId) {
      qb.andWhere('g.id IN (SELECT m.group_id FROM memberships m WHERE m.user_id = :userId)', {
        userId: filter.userId,
      });
    }
    return paginate(qb, page, map);
  }

  async groupIdsOf(userId: string, tx?: Tx): Promise<string[]> {
    const rows = await this.em(tx).findBy(MembershipEntity, { userId });
    return rows.map((r) => r.groupId).sort();
  }

  async memberIds(groupId: string, tx?: Tx): Promise<string[]> {
    const rows = await this.em(tx).findBy(MembershipEntity, { groupId });
    return rows.map((r) => r.userId);
  }

  async countMembers(groupIds: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!groupIds.length) return out;
    const rows = (await this.db.manager.query(
      'SELECT group_id, COUNT(*)::int AS n FROM memberships WHERE group_id = ANY($1) GROUP BY group_id',
      [groupIds],
    )) as { group_id: string; n: number }[];
    for (const r of rows) out.set(r.group_id, r.n);
    return out;
  }

  /** Adds the memberships that do not exist yet; returns the user ids actually added. */
  async addMembers(groupId: string, userIds: string[], tx: Tx): Promise<string[]> {
    const existing = new Set(await this.memberIds(groupId, tx));
    const added = [...new Set(userIds)].filter((u) => !existing.has(u));
    if (added.length)
      await this.em(tx).insert(
        MembershipEntity,
        added.map((userId) => ({ groupId, userId })),
      );
    return added;
  }

  /** Removes the memberships that exist; returns the user ids actually removed. */
  async removeMembers(groupId: string, userIds: string[], tx: Tx): Promise<string[]> {
    const existing = new Set(await this.memberIds(groupId, tx));
    const removed = [...new Set(userIds)].filter((u) => existing.has(u));
    for (const userId of removed) await this.em(tx).delete(MembershipEntity, { groupId, userId });
    return removed;
  }
}
