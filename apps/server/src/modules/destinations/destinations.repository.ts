import { Injectable } from '@nestjs/common';
import { Database, type Tx } from '../../db/database.js';
import { Repository } from '../../db/repository.js';
import { paginate, type Page, type PageQuery } from '../../common/pagination.js';
import { DestinationEntity } from './destination.entity.js';

@Injectable()
export class DestinationsRepository extends Repository {
  constructor(db: Database) {
    super(db);
  }

  findById(id: string, tx?: Tx): Promise<DestinationEntity | null> {
    return this.em(tx).findOneBy(DestinationEntity, { id });
  }

  findByName(name: string, tx?: Tx): Promise<DestinationEntity | null> {
    return this.em(tx).findOneBy(DestinationEntity, { name });
  }

  async insert(destination: DestinationEntity, tx: Tx): Promise<void> {
    await this.em(tx).insert(DestinationEntity, destination);
  }

  async update(id: string, fields: Partial<DestinationEntity>, tx?: Tx): Promise<void> {
    await this.em(tx).update(DestinationEntity, { id }, fields);
  }

  async delete(id: string, tx: Tx): Promise<void> {
    await this.em(tx).delete(DestinationEntity, { id });
  }

  /** `names`: only these destinations (an empty list matches none). */
  list<T>(
    filter: { name?: string; names?: string[] },
    page: PageQuery,
    map: (d: DestinationEntity) => T,
  ): Promise<Page<T>> {
    const qb = this.db.manager.createQueryBuilder(DestinationEntity, 'd');
    if (filter.name !== undefined) qb.andWhere('d.name = :name', { name: filter.name });
    if (filter.names !== undefined) qb.andWhere('d.name = ANY(:names)', { names: filter.names });
    return paginate(qb, page, map);
  }
}
