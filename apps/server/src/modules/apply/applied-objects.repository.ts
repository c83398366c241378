import { Injectable } from '@nestjs/common';
import { Database, type Tx } from '../../db/database.js';
import { Repository } from '../../db/repository.js';
import { AppliedObjectEntity, type AppliedKind } from './applied-object.entity.js';

const APPLY_LOCK = 7_311_993; // arbitrary, unlike the change log's (7_311_992)

@Injectable()
export class AppliedObjectsRepository extends Repository {
  constructor(db: Database) {
    super(db);
  }

  /** Holds until the transaction ends: applies run one at a time. */
  async lock(tx: Tx): Promise<void> {
    await this.em(tx).query('SELECT pg_advisory_xact_lock($1)', [APPLY_LOCK]);
  }

  /** Every object this source made, in a stable order. */
  async owned(source: string, tx: Tx): Promise<AppliedObjectEntity[]> {
    return this.em(tx).find(AppliedObjectEntity, { where: { source }, order: { kind: 'ASC', objectId: 'ASC' } });
  }

  async add(source: string, kind: AppliedKind, objectId: string, at: Date, tx: Tx): Promise<void> {
    await this.em(tx).upsert(AppliedObjectEntity, { source, kind, objectId, created: at }, ['kind', 'objectId']);
  }

  async remove(kind: AppliedKind, objectId: string, tx: Tx): Promise<void> {
    await this.em(tx).delete(AppliedObjectEntity, { kind, objectId });
  }
}
