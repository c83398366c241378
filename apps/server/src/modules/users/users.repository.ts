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
