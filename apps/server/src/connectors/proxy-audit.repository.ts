import { Injectable } from '@nestjs/common';
import { Database } from '../db/database.js';
import { Repository } from '../db/repository.js';
import { paginate, type Page, type PageQuery } from '../common/pagination.js';
import { ProxyAuditEntity } from './proxy-audit.entity.js';

@Injectable()
export class ProxyAuditRepository extends Repository {
  constructor(db: Database) {
    super(db);
  }

  async insert(events: ProxyAuditEntity[]): Promise<void> {
    if (events.length) await this.em().insert(ProxyAuditEntity, events);
  }

  list<T>(destinationId: string, page: PageQuery, map: (e: ProxyAuditEntity) => T): Promise<Page<T>> {
    const qb = this.db.manager.createQueryBuilder(ProxyAuditEntity, 'a').where('a.destination_id = :destinationId', { destinationId });
    return paginate(qb, page, map, 'at');
  }
}
