import { Injectable } from '@nestjs/common';
import { Database, type Tx } from '../../db/database.js';
import { Repository } from '../../db/repository.js';
import {
  ProviderEntity,
  ProviderGroupEntity,
  ProviderMembershipEntity,
  ProviderSessionEntity,
} from './provider.entity.js';

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
    return this.em(tx)
      .createQueryBuilder(ProviderSessionEntity, 's')
      .setLock('pessimistic_write')
      .where('s.provider_id = :providerId AND s.user_id = :userId', { providerId, userId })
      .getOne();
  }

  async updateSession(
    providerId: string,
    userId: string,
    fields: Partial<ProviderSessionEntity>,
    tx?: Tx,
  ): Promise<void> {
    await this.em(tx).update(ProviderSessionEntity, { providerId, userId }, fields);
  }

  async deleteSession(providerId: string, userId: string, tx: Tx): Promise<void> {
    await this.em(tx).delete(ProviderSessionEntity, { providerId, userId });
  }

  /** The users who hold a session with this provider (logged in through it). */
  async userIdsOf(providerId: string, tx: Tx): Promise<string[]> {
    const rows = await this.em(tx).find(ProviderSessionEntity, { where: { providerId }, select: { userId: true } });
    return rows.map((r) => r.userId);
  }

  /** Every session continuous verification can refresh (each must still be claimed). */
  refreshable(): Promise<ProviderSessionEntity[]> {
    return this.db.manager
      .createQueryBuilder(ProviderSessionEntity, 's')
      .where('s.refresh_token_encrypted IS NOT NULL')
      .getMany();
  }

  /**
   * Takes the session's refresh lease until `until`, in one statement, and answers the session as it now is (the
   * newest refresh token); undefined when another round holds the lease or the session is gone.
   */
  async claim(providerId: string, userId: string, now: Date, until: Date): Promise<ProviderSessionEntity | undefined> {
    const result = await this.db.manager
      .createQueryBuilder()
      .update(ProviderSessionEntity)
      .set({ refreshingUntil: until })
      .where('provider_id = :providerId AND user_id = :userId AND refresh_token_encrypted IS NOT NULL', {
        providerId,
        userId,
      })
      .andWhere('(refreshing_until IS NULL OR refreshing_until <= :now)', { now })
      .execute();
    if (!result.affected) return undefined;
    return (await this.db.manager.findOneBy(ProviderSessionEntity, { providerId, userId })) ?? undefined;
  }

  async release(providerId: string, userId: string, fields: Partial<ProviderSessionEntity>): Promise<void> {
    await this.db.manager.update(ProviderSessionEntity, { providerId, userId }, { ...fields, refreshingUntil: null });
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
    await this.db.manager.update(
      ProviderEntity,
      { id: providerId },
      'lastSync' in status ? { lastSync: status.lastSync, lastError: null } : { lastError: status.lastError },
    );
  }
}
