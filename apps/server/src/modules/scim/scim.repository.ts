import { Injectable } from '@nestjs/common';
import { In, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { canonicalUserName } from '../../common/names.js';
import { Database, type Tx } from '../../db/database.js';
import { Repository } from '../../db/repository.js';
import { GroupEntity, MembershipEntity } from '../groups/group.entity.js';
import { ProviderGroupEntity } from '../providers/provider.entity.js';
import { UserEntity } from '../users/user.entity.js';
import { ScimTokenEntity, ScimUserEntity } from './scim.entity.js';
import type { Filter, Paging } from './scim-schema.js';

export interface ScimUserRow {
  user: UserEntity;
  link: ScimUserEntity;
}

/** One page by SCIM's startIndex/count, oldest first; count 0 answers the total alone. */
async function page<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, alias: string, paging: Paging) {
  qb.orderBy(`${alias}.created`, 'ASC').addOrderBy(`${alias}.id`, 'ASC');
  if (paging.count === 0) return { total: await qb.getCount(), items: [] as E[] };
  const [items, total] = await qb
    .skip(paging.startIndex - 1)
    .take(paging.count)
    .getManyAndCount();
  return { total, items };
}

/**
 * scim_tokens, scim_users, and the provider's groups (provider_groups, shared with group sync). A provider's users are
 * those with a scim_users row whose `users.provider_id` is that provider: the provider is kept there alone.
 */
@Injectable()
export class ScimRepository extends Repository {
  constructor(db: Database) {
    super(db);
  }

  async providerOfToken(tokenHash: string): Promise<string | undefined> {
    return (await this.db.manager.findOneBy(ScimTokenEntity, { tokenHash }))?.providerId;
  }

  async saveToken(token: ScimTokenEntity, tx: Tx): Promise<void> {
    await this.em(tx).upsert(ScimTokenEntity, token, ['providerId']);
  }

  findLink(userId: string, tx?: Tx): Promise<ScimUserEntity | null> {
    return this.em(tx).findOneBy(ScimUserEntity, { userId });
  }

  async saveLink(link: ScimUserEntity, tx: Tx): Promise<void> {
    await this.em(tx).upsert(ScimUserEntity, link, ['userId']);
  }

  async listUsers(providerId: string, filter: Filter | undefined, paging: Paging) {
    const qb = this.db.manager
      .createQueryBuilder(UserEntity, 'u')
      .innerJoin(ScimUserEntity, 's', 's.user_id = u.id')
      .where('u.provider_id = :providerId', { providerId });
    if (filter?.attribute === 'userName') qb.andWhere('u.name = :v', { v: canonicalUserName(filter.value) });
    if (filter?.attribute === 'externalId') qb.andWhere('s.external_id = :v', { v: filter.value });
    const { total, items } = await page(qb, 'u', paging);
    const links = new Map(
      (await this.db.manager.findBy(ScimUserEntity, { userId: In(items.map((u) => u.id)) })).map((l) => [l.userId, l]),
    );
    return { total, rows: items.map((user) => ({ user, link: links.get(user.id)! })) };
  }

  async groupOwner(groupId: string, tx?: Tx): Promise<string | undefined> {
    return (await this.em(tx).findOneBy(ProviderGroupEntity, { groupId }))?.providerId;
  }

  async markGroup(groupId: string, providerId: string, tx: Tx): Promise<void> {
    await this.em(tx).insert(ProviderGroupEntity, { groupId, providerId });
  }

  listGroups(providerId: string, filter: Filter | undefined, paging: Paging) {
    const qb = this.db.manager
      .createQueryBuilder(GroupEntity, 'g')
      .innerJoin(ProviderGroupEntity, 'p', 'p.group_id = g.id')
      .where('p.provider_id = :providerId', { providerId });
    if (filter) qb.andWhere('g.name = :v', { v: filter.value });
    return page(qb, 'g', paging);
  }

  /** The group's members this provider provisioned, with their names: the only members SCIM shows or changes. */
  async provisionedMembers(providerId: string, groupId: string, tx?: Tx): Promise<{ id: string; name: string }[]> {
    return this.em(tx)
      .createQueryBuilder(MembershipEntity, 'm')
      .innerJoin(ScimUserEntity, 's', 's.user_id = m.user_id')
      .innerJoin(UserEntity, 'u', 'u.id = m.user_id')
      .where('m.group_id = :groupId AND u.provider_id = :providerId', { groupId, providerId })
      .select(['u.id AS id', 'u.name AS name'])
      .orderBy('u.name')
      .getRawMany<{ id: string; name: string }>();
  }

  /** Of these user ids, the ones this provider provisioned. */
  async provisioned(providerId: string, userIds: string[], tx?: Tx): Promise<Set<string>> {
    if (!userIds.length) return new Set();
    const rows = await this.em(tx)
      .createQueryBuilder(ScimUserEntity, 's')
      .innerJoin(UserEntity, 'u', 'u.id = s.user_id')
      .where('s.user_id IN (:...userIds) AND u.provider_id = :providerId', { userIds, providerId })
      .select('s.user_id', 'id')
      .getRawMany<{ id: string }>();
    return new Set(rows.map((r) => r.id));
  }
}
