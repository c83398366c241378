// Everything one destination's connector needs, read in a single REPEATABLE READ transaction together
// with the newest change sequence: appenders commit in sequence order (changes.service.ts), so the
// snapshot holds exactly the effects of the entries up to that sequence and none after.
import { Injectable } from '@nestjs/common';
import { In, IsNull, MoreThan } from 'typeorm';
import { Database } from '../db/database.js';
import { Repository } from '../db/repository.js';
import type { GrantPayload, GroupPayload, RevocationPayload, SigningKeyPayload, UserPayload } from '../modules/changes/change.types.js';
import { GrantEntity } from '../modules/grants/grant.entity.js';
import { toGrantPayload } from '../modules/grants/grants.service.js';
import { GroupEntity, MembershipEntity } from '../modules/groups/group.entity.js';
import { SigningKeyEntity } from '../modules/tokens/signing-key.entity.js';
import { UserEntity } from '../modules/users/user.entity.js';

export interface SnapshotData {
  sequence: number;
  grants: GrantPayload[];
  users: UserPayload[];
  groups: GroupPayload[];
  signingKeys: SigningKeyPayload[];
  revocations: RevocationPayload[];
}

/** No token lives longer than a day (INFRA_TOKEN_TTL), so older revocations have lapsed: two days is safe. */
const REVOCATION_HORIZON_MS = 2 * 86_400_000;

@Injectable()
export class SnapshotRepository extends Repository {
  constructor(db: Database) {
    super(db);
  }

  /** The destination's unexpired grants, the users and groups they reach, signing keys and live revocations. */
  build(destination: string, now: Date): Promise<SnapshotData> {
    return this.db.dataSource.transaction('REPEATABLE READ', async (em) => {
      const [{ s }] = (await em.query('SELECT COALESCE(MAX(sequence), 0) AS s FROM changes')) as [{ s: string }];
      const grants = await em.find(GrantEntity, {
        where: [{ destination, expiresAt: IsNull() }, { destination, expiresAt: MoreThan(now) }],
        order: { created: 'ASC', id: 'ASC' },
      });
      const grantGroupIds = unique(grants.flatMap((g) => (g.groupId ? [g.groupId] : [])));
      const viaGroups = grantGroupIds.length ? await em.findBy(MembershipEntity, { groupId: In(grantGroupIds) }) : [];
      const userIds = unique([...grants.flatMap((g) => (g.userId ? [g.userId] : [])), ...viaGroups.map((m) => m.userId)]);
      const users = userIds.length ? await em.find(UserEntity, { where: { id: In(userIds) }, order: { name: 'ASC' } }) : [];
      const memberships = userIds.length ? await em.findBy(MembershipEntity, { userId: In(userIds) }) : [];
      const groupIds = unique([...grantGroupIds, ...memberships.map((m) => m.groupId)]);
      const groups = groupIds.length ? await em.find(GroupEntity, { where: { id: In(groupIds) }, order: { name: 'ASC' } }) : [];
      const keys = await em.find(SigningKeyEntity, { where: { retired: IsNull() }, order: { created: 'DESC' } });
      const revocations = (await em.query(
        `SELECT payload FROM changes WHERE kind = 'revocation' AND at > $1 AND (payload->>'untilMs')::bigint > $2
          ORDER BY sequence`,
        [new Date(now.getTime() - REVOCATION_HORIZON_MS), now.getTime()],
      )) as { payload: RevocationPayload }[];
      return {
        sequence: Number(s),
        grants: grants.map(toGrantPayload),
        users: users.map((u) => ({
          id: u.id, name: u.name, groupIds: memberships.filter((m) => m.userId === u.id).map((m) => m.groupId).sort(),
        })),
        groups: groups.map((g) => ({ id: g.id, name: g.name })),
        signingKeys: keys.map((k) => ({ kid: k.kid, publicJwkJson: JSON.stringify(k.publicJwk) })),
        revocations: revocations.map((r) => r.payload),
      };
    });
  }

  /** The oldest and newest sequence still in the change log (0 when it is empty). */
  async logBounds(): Promise<{ oldest: number; newest: number }> {
    const [row] = (await this.em().query(
      'SELECT COALESCE(MIN(sequence), 0) AS oldest, COALESCE(MAX(sequence), 0) AS newest FROM changes',
    )) as { oldest: string; newest: string }[];
    return { oldest: Number(row?.oldest ?? 0), newest: Number(row?.newest ?? 0) };
  }
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
