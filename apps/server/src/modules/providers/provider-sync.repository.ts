import { Injectable } from '@nestjs/common';
import { Database, type Tx } from '../../db/database.js';
import { Repository } from '../../db/repository.js';
import { ProviderEntity, ProviderGroupEntity, ProviderMembershipEntity, ProviderSessionEntity } from './provider.entity.js';

/** provider_sessions, provider_groups and provider_memberships (README.md, "Group sync"). */
@Injectable()
export class ProviderSyncRepository extends Repository {
  constructor(db: Database) {
    super(db);
  }

  async saveSession(session: ProviderSessionEntity, tx: Tx): Promise<void> {
    await this.em(tx).upsert(ProviderSessionEntity, session, ['providerId', 'userId']);
  }

  /** The session, locked until `tx` ends: a login and a verification round never sync one user at once. */
  lockSession(providerId: string, userId: string, tx: Tx): Promise<ProviderSessionEntity | null> {
    return this.em(tx).createQueryBuilder(ProviderSessionEntity, 's').setLock('pessimistic_write')
      .where('s.provider_id = :providerId AND s.user_id = :userId', { providerId, userId }).getOne();
  }

  async updateSession(providerId: string, userId: string, fields: Partial<ProviderSessionEntity>, tx?: Tx): Promise<void> {
    await this.em(tx).update(ProviderSessionEntity, { providerId, userId }, fields);
  }

  async deleteSession(providerId: string, userId: string, tx: Tx): Promise<void> {
    await this.em(tx).delete(ProviderSessionEntity, { providerId, userId });
  }

  /** Every session continuous verification can refresh. */
  refreshable(): Promise<ProviderSessionEntity[]> {
    return this.db.manager.createQueryBuilder(ProviderSessionEntity, 's').where('s.refresh_token_encrypted IS NOT NULL').getMany();
  }

  async ownerOf(groupId: string, tx: Tx): Promise<string | undefined> {
    return (await this.em(tx).findOneBy(ProviderGroupEntity, { groupId }))?.providerId;
  }

  async markGroup(groupId: string, providerId: string, tx: Tx): Promise<void> {
    await this.em(tx).insert(ProviderGroupEntity, { groupId, providerId });
  }

  /** Ids of the groups that this provider's syncs made the user a member of. */
  async syncedGroupIds(providerId: string, userId: string, tx: Tx): Promise<string[]> {
    return (await this.em(tx).findBy(ProviderMembershipEntity, { providerId, userId })).map((m) => m.groupId);
  }

  async addSynced(m: ProviderMembershipEntity, tx: Tx): Promise<void> {
    await this.em(tx).insert(ProviderMembershipEntity, m);
  }

  async removeSynced(m: ProviderMembershipEntity, tx: Tx): Promise<void> {
    await this.em(tx).delete(ProviderMembershipEntity, m);
  }

  /** Provider status: a success clears the last error; a failure keeps the time of the last success. */
  async recordStatus(providerId: string, status: { lastSync: Date } | { lastError: string }): Promise<void> {
    await this.db.manager.update(ProviderEntity, { id: providerId },
      'lastSync' in status ? { lastSync: status.lastSync, lastError: null } : { lastError: status.lastError });
  }
}
