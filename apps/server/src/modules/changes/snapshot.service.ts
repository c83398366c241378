// Everything a destination's connector needs to decide on its own, read in one REPEATABLE READ
// transaction so that it matches `sequence` exactly: a connector applies the snapshot, then the changes
// after `sequence` (ChangesService.since). Mirrors Snapshot in proto/infra/connector/v1/connector.proto.
import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { Database } from '../../db/database.js';
import type { GrantPayload, GroupPayload, RevocationPayload, SigningKeyPayload, UserPayload } from './change.types.js';
import { SnapshotRepository } from './snapshot.repository.js';

export interface DestinationSnapshot {
  sequence: number;
  grants: GrantPayload[];
  users: UserPayload[];
  groups: GroupPayload[];
  signingKeys: SigningKeyPayload[];
  revocations: RevocationPayload[];
}

@Injectable()
export class SnapshotService {
  constructor(
    private readonly db: Database,
    private readonly repo: SnapshotRepository,
    private readonly clock: Clock,
  ) {}

  snapshot(destination: string): Promise<DestinationSnapshot> {
    return this.db.transaction(async (tx) => {
      const sequence = await this.repo.sequence(tx);
      const grants = await this.repo.grants(tx, destination);
      const userIds = grants.map((g) => g.userId).filter(Boolean);
      const grantGroupIds = grants.map((g) => g.groupId).filter(Boolean);
      // Only the users and groups that hold a grant here: a connector hears nothing of the others.
      const users = await this.repo.users(tx, userIds, grantGroupIds);
      return {
        sequence,
        grants,
        users,
        groups: await this.repo.groups(tx, [...new Set(grantGroupIds)]),
        signingKeys: await this.repo.signingKeys(tx),
        revocations: await this.repo.revocations(tx, this.clock.now().getTime()),
      };
    }, 'REPEATABLE READ');
  }
}
