import { Injectable } from '@nestjs/common';
import { Database, type Tx } from '../../db/database.js';
import { Repository } from '../../db/repository.js';
import { canonicalUserName } from '../../common/names.js';
import { paginate, type Page, type PageQuery } from '../../common/pagination.js';
import { UserEntity } from './user.entity.js';

@Injectable()
export class UsersRepository extends Repository {
  constructor(db: Database) {
    super(db);
  }

  findById(id: string, tx?: Tx): Promise<UserEntity | null> {
    return this.em(tx).findOneBy(UserEntity, { id });
  }

  findByName(name: string, tx?: Tx): Promise<UserEntity | null> {
    return this.em(tx).findOneBy(UserEntity, { name: canonicalUserName(name) });
  }

  async insert(user: UserEntity, tx: Tx): Promise<void> {
    await this.em(tx).insert(UserEntity, { ...user, name: canonicalUserName(user.name) });
  }

  async update(id: string, fields: Partial<UserEntity>, tx?: Tx): Promise<void> {
    await this.em(tx).update(UserEntity, { id }, fields);
  }

  async delete(id: string, tx: Tx): Promise<void> {
    await this.em(tx).delete(UserEntity, { id });
  }

  /** The names of these providers, by id (users name where they come from; the providers module owns the table). */
  async providerNames(ids: string[], tx?: Tx): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = (await this.em(tx).query('SELECT id, name FROM providers WHERE id = ANY($1)', [ids])) as {
      id: string;
      name: string;
    }[];
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /**
   * The provider's users become users made in Infra (before the provider is removed), and its SCIM manages them no
   * more: scim_users keeps no provider of its own (migration 1733740000000), so its rows go here.
   */
  async forgetProvider(providerId: string, tx: Tx): Promise<void> {
    await this.em(tx).query('DELETE FROM scim_users s USING users u WHERE u.id = s.user_id AND u.provider_id = $1', [
      providerId,
    ]);
    await this.em(tx).update(UserEntity, { providerId }, { providerId: null, providerSubject: null });
  }

  /** The ids of the users a provider made. */
  async idsFromProvider(providerId: string, tx: Tx): Promise<string[]> {
    return (await this.em(tx).find(UserEntity, { where: { providerId }, select: { id: true } })).map((u) => u.id);
  }

  count(): Promise<number> {
    return this.db.manager.count(UserEntity);
  }

  list<T>(filter: { name?: string; ids?: string[] }, page: PageQuery, map: (u: UserEntity) => T): Promise<Page<T>> {
    const qb = this.db.manager.createQueryBuilder(UserEntity, 'u');
    if (filter.name !== undefined) qb.andWhere('u.name = :name', { name: canonicalUserName(filter.name) });
    if (filter.ids) qb.andWhere('u.id IN (:...ids)', { ids: filter.ids.length ? filter.ids : [null] });
    return paginate(qb, page, map);
  }
}
