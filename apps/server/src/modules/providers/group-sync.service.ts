// Keeps a user's provider-managed memberships equal to the groups the provider names (replaced, not merged). Groups
// are made on demand and marked as the provider's; a name held by a group made in Infra (or by another provider) is
// skipped and reported, so provider groups stay apart from Infra's. Only memberships a sync added are ever removed.
// Membership changes go through GroupsService, which tells connectors and writes the audit rows.
import { Injectable } from '@nestjs/common';
import { SYSTEM_ACTOR, type Actor } from '../../common/actor.js';
import { GROUP_NAME, NOT_RESERVED } from '../../common/names.js';
import type { Tx } from '../../db/database.js';
import { GroupsRepository } from '../groups/groups.repository.js';
import { GroupsService } from '../groups/groups.service.js';
import type { ProviderEntity } from './provider.entity.js';
import { ProviderSyncRepository } from './provider-sync.repository.js';

export interface SyncOutcome {
  added: string[];
  removed: string[];
  /** Names the provider gave that cannot be provider groups here (taken, or not a valid group name). */
  skipped: string[];
}

export const syncActor = (provider: ProviderEntity): Actor => ({
  ...SYSTEM_ACTOR,
  requestId: `provider-sync:${provider.name}`,
});

@Injectable()
export class GroupSyncService {
  constructor(
    private readonly groups: GroupsService,
    private readonly groupsRepo: GroupsRepository,
    private readonly repo: ProviderSyncRepository,
  ) {}

  async apply(tx: Tx, provider: ProviderEntity, userId: string, names: string[]): Promise<SyncOutcome> {
    const actor = syncActor(provider);
    const out: SyncOutcome = { added: [], removed: [], skipped: [] };
    const wanted = new Map<string, string>(); // group id → name
    for (const name of new Set(names)) {
      if (!GROUP_NAME.test(name) || !NOT_RESERVED.test(name)) {
        out.skipped.push(name);
        continue;
      }
      let group = await this.groupsRepo.findByName(name, tx);
      if (!group) {
        group = await this.groups.insert(tx, actor, name);
        await this.repo.markGroup(group.id, provider.id, tx);
      } else if ((await this.repo.ownerOf(group.id, tx)) !== provider.id) {
        out.skipped.push(name);
        continue;
      }
      wanted.set(group.id, name);
    }
    const synced = new Set(await this.repo.syncedGroupIds(provider.id, userId, tx));
    for (const [groupId, name] of wanted) {
      if (synced.has(groupId)) continue;
      // An admin may have added the user already: that membership stays theirs (never recorded, never removed).
      const already = (await this.groupsRepo.memberIds(groupId, tx)).includes(userId);
      if (already) continue;
      await this.groups.changeMembers(tx, actor, (await this.groupsRepo.findById(groupId, tx))!, [userId], []);
      await this.repo.addSynced({ providerId: provider.id, groupId, userId }, tx);
      out.added.push(name);
    }
    for (const groupId of synced) {
      if (wanted.has(groupId)) continue;
      const group = await this.groupsRepo.findById(groupId, tx);
      await this.repo.removeSynced({ providerId: provider.id, groupId, userId }, tx);
      if (!group) continue;
      await this.groups.changeMembers(tx, actor, group, [], [userId]);
      out.removed.push(group.name);
    }
    return out;
  }
}
