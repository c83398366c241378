import { Injectable } from '@nestjs/common';
import { LessThanOrEqual } from 'typeorm';
import { Database, type Tx } from '../../db/database.js';
import { Repository } from '../../db/repository.js';
import { paginate, type Page, type PageQuery } from '../../common/pagination.js';
import { ProviderEntity, ProviderLoginEntity } from './provider.entity.js';

@Injectable()
export class ProvidersRepository extends Repository {
  constructor(db: Database) {
    super(db);
  }

  findById(id: string, tx?: Tx): Promise<ProviderEntity | null> {
    return this.em(tx).findOneBy(ProviderEntity, { id });
  }

  findByName(name: string, tx?: Tx): Promise<ProviderEntity | null> {
    return this.em(tx).findOneBy(ProviderEntity, { name });
  }

  async insert(provider: ProviderEntity, tx: Tx): Promise<void> {
    await this.em(tx).insert(ProviderEntity, provider);
  }

  async update(id: string, fields: Partial<ProviderEntity>, tx: Tx): Promise<void> {
    await this.em(tx).update(ProviderEntity, { id }, fields);
  }

  async delete(id: string, tx: Tx): Promise<void> {
    await this.em(tx).delete(ProviderEntity, { id });
  }

  list<T>(filter: { name?: string }, page: PageQuery, map: (p: ProviderEntity) => T): Promise<Page<T>> {
    const qb = this.db.manager.createQueryBuilder(ProviderEntity, 'p');
    if (filter.name !== undefined) qb.andWhere('p.name = :name', { name: filter.name });
    return paginate(qb, page, map);
  }

  /** Records a login under way, and forgets the ones that expired (they can never complete). */
  async startLogin(login: ProviderLoginEntity, now: Date): Promise<void> {
    await this.db.manager.delete(ProviderLoginEntity, { expires: LessThanOrEqual(now) });
    await this.db.manager.insert(ProviderLoginEntity, login);
  }

  /** Takes the login with this state out, in one statement: two callbacks with the same state cannot both get it. */
  async takeLogin(stateHash: string): Promise<ProviderLoginEntity | undefined> {
    const rows = (await this.db.manager.query(
      `DELETE FROM provider_logins WHERE state_hash = $1
       RETURNING state_hash, provider_id, redirect_uri, code_verifier_encrypted, nonce, expires`,
      [stateHash],
    )) as Record<string, unknown>[] | [Record<string, unknown>[], number];
    // Postgres drivers answer DELETE ... RETURNING as [rows, count].
    const list = (Array.isArray(rows[0]) ? rows[0] : rows) as Record<string, unknown>[];
    const row = list[0];
    if (!row) return undefined;
    return {
      stateHash: String(row.state_hash),
      providerId: String(row.provider_id),
      redirectUri: String(row.redirect_uri),
      codeVerifierEncrypted: String(row.code_verifier_encrypted),
      nonce: String(row.nonce),
      expires: new Date(row.expires as string),
    };
  }
}
