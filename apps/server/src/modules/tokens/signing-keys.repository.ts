import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { Database, type Tx } from '../../db/database.js';
import { Repository } from '../../db/repository.js';
import { SigningKeyEntity } from './signing-key.entity.js';

@Injectable()
export class SigningKeysRepository extends Repository {
  constructor(db: Database) {
    super(db);
  }

  /** Keys still in use, newest first. */
  active(tx?: Tx): Promise<SigningKeyEntity[]> {
    return this.em(tx).find(SigningKeyEntity, { where: { retired: IsNull() }, order: { created: 'DESC' } });
  }

  async insert(key: SigningKeyEntity, tx: Tx): Promise<void> {
    await this.em(tx).insert(SigningKeyEntity, key);
  }
}
