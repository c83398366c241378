import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Database, type Tx } from '../../db/database.js';
import { Repository } from '../../db/repository.js';
import { paginate, type Page, type PageQuery } from '../../common/pagination.js';
import { AccessKeyEntity, type AccessKeyKind } from './access-key.entity.js';

/** keyEnd in SQL (LEAST skips a NULL; a timeout of 0 is none): when a key stops working unless it is used again. */
const KEY_END = `LEAST(expires, COALESCE(last_used, created) + make_interval(secs => NULLIF(inactivity_timeout, 0)))`;
/** A key that can end at all: word for word the predicate of the partial index access_keys_end_unaudited. */
const HAS_END = `(expires IS NOT NULL OR inactivity_timeout > 0)`;

@Injectable()
export class KeysRepository extends Repository {
  constructor(db: Database) {
    super(db);
  }

  findById(id: string, tx?: Tx): Promise<AccessKeyEntity | null> {
    return this.em(tx).findOneBy(AccessKeyEntity, { id });
  }

  findByKeyId(keyId: string): Promise<AccessKeyEntity | null> {
    return this.db.manager.findOneBy(AccessKeyEntity, { keyId });
  }

  findByName(userId: string, name: string, tx?: Tx): Promise<AccessKeyEntity | null> {
    return this.em(tx).findOneBy(AccessKeyEntity, { userId, name });
  }

  forUser(userId: string, tx?: Tx): Promise<AccessKeyEntity[]> {
    return this.em(tx).findBy(AccessKeyEntity, { userId });
  }

  /** The credentials made with this one (its direct descendants). */
  children(parentId: string, tx: Tx): Promise<AccessKeyEntity[]> {
    return this.em(tx).findBy(AccessKeyEntity, { parentId });
  }

  sessionsOf(userId: string, tx: Tx): Promise<AccessKeyEntity[]> {
    return this.em(tx).findBy(AccessKeyEntity, { userId, kind: 'session' });
  }

  /**
   * Marks up to `limit` keys of any kind that have ended by `now` and are not yet audited as audited, and returns them
   * (at most `id` when given); each once, whichever replica asks (as GrantsRepository.claimExpired). Ended as keyEnd
   * says: the earlier of `expires` and the last use (or creation) plus the inactivity timeout is at or before `now`.
   * Only keys with an end are read, through the partial index of the keys not audited yet.
   */
  async claimEnded(tx: Tx, now: Date, opts: { limit: number; id?: string }): Promise<AccessKeyEntity[]> {
    const [rows] = (await this.em(tx).query(
      `UPDATE access_keys SET expiry_audited = true
        WHERE NOT expiry_audited AND id IN (
          SELECT id FROM access_keys
           WHERE NOT expiry_audited AND ${HAS_END} AND ($2::uuid IS NULL OR id = $2) AND ${KEY_END} <= $1
           ORDER BY ${KEY_END} LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [now, opts.id ?? null, opts.limit],
    )) as [{ id: string }[], number];
    if (!rows.length) return [];
    return this.em(tx).findBy(AccessKeyEntity, { id: In(rows.map((r) => r.id)) });
  }

  async insert(key: AccessKeyEntity, tx: Tx): Promise<void> {
    await this.em(tx).insert(AccessKeyEntity, key);
  }

  async delete(id: string, tx: Tx): Promise<void> {
    await this.em(tx).delete(AccessKeyEntity, { id });
  }

  /**
   * Records a use, unless the expiry audit has already logged the key's end: a request that passed authenticate just
   * before a sweep claimed the session must not move its end past the logged one (a sweep's lock holds this back).
   */
  async touch(id: string, at: Date): Promise<void> {
    await this.db.manager.query(`UPDATE access_keys SET last_used = $2 WHERE id = $1 AND NOT expiry_audited`, [id, at]);
  }

  list<T>(
    filter: { userId?: string; kinds: AccessKeyKind[] },
    page: PageQuery,
    map: (k: AccessKeyEntity) => T,
  ): Promise<Page<T>> {
    const qb = this.db.manager
      .createQueryBuilder(AccessKeyEntity, 'k')
      .where('k.kind IN (:...kinds)', { kinds: filter.kinds });
    if (filter.userId) qb.andWhere('k.user_id = :userId', { userId: filter.userId });
    return paginate(qb, page, map);
  }
}
