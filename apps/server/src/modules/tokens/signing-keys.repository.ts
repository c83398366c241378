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

  /** Keys still published (signing or superseded, not retired), newest first. */
  active(tx?: Tx): Promise<SigningKeyEntity[]> {
    return this.em(tx).find(SigningKeyEntity, { where: { retired: IsNull() }, order: { created: 'DESC' } });
  }

  /** The key that signs: the newest one not superseded. */
  current(tx?: Tx): Promise<SigningKeyEntity | null> {
    return this.em(tx).findOne(SigningKeyEntity, {
      where: { retired: IsNull(), superseded: IsNull() },
      order: { created: 'DESC' },
    });
  }

  async insert(key: SigningKeyEntity, tx: Tx): Promise<void> {
    await this.em(tx).insert(SigningKeyEntity, key);
  }

  /** Marks every signing key superseded at `at`; returns their kids. */
  async supersedeAll(at: Date, tx: Tx): Promise<string[]> {
    const result = await this.em(tx)
      .createQueryBuilder()
      .update(SigningKeyEntity)
      .set({ superseded: at })
      .where('superseded IS NULL AND retired IS NULL')
      .returning('kid')
      .execute();
    return (result.raw as { kid: string }[]).map((r) => r.kid);
  }

  async retire(kid: string, at: Date, tx: Tx): Promise<void> {
    await this.em(tx).update(SigningKeyEntity, { kid }, { retired: at });
  }
}
