import type { EntityManager } from 'typeorm';
import type { Database, Tx } from './database.js';

/** Base of the narrow repositories: the only classes that talk to TypeORM. Pass a Tx to join it. */
export abstract class Repository {
  constructor(protected readonly db: Database) {}

  protected em(tx?: Tx): EntityManager {
    return tx?.manager ?? this.db.manager;
  }
}
