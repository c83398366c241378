import { Injectable } from '@nestjs/common';
import { INFRA_RESOURCE } from '@infra/access';
import type { Tx } from '../../db/database.js';

/** Destination → the user's groups that hold a grant there (empty when only the user's own grants reach it). */
export type Reach = Map<string, Set<string>>;

/** Where a grant lives: enough to tell its destination's connector that it is gone. */
export interface GrantPlace {
  id: string;
  destination: string;
}

/** Read-only queries for the projection: who reaches which destination through grants; always inside the caller's transaction. */
@Injectable()
export class AudienceRepository {
  /** For each user: the destinations they hold a grant on, directly or through a group (grants on Infra itself aside). */
  async reach(tx: Tx, userIds: string[]): Promise<Map<string, Reach>> {
    const rows = (await tx.manager.query(
      `SELECT g.user_id, g.destination, NULL AS group_id FROM grants g
        WHERE g.user_id = ANY($1::uuid[]) AND g.destination <> $2
       UNION ALL
       SELECT m.user_id, g.destination, g.group_id FROM grants g JOIN memberships m ON m.group_id = g.group_id
        WHERE m.user_id = ANY($1::uuid[]) AND g.destination <> $2`,
      [userIds, INFRA_RESOURCE],
    )) as { user_id: string; destination: string; group_id: string | null }[];
    const out = new Map<string, Reach>(userIds.map((id) => [id, new Map()]));
    for (const r of rows) {
      const reach = out.get(r.user_id)!;
      const groups = reach.get(r.destination) ?? new Set<string>();
      if (r.group_id) groups.add(r.group_id);
      reach.set(r.destination, groups);
    }
    return out;
  }

  /** The destinations a group holds a grant on. */
  async destinationsOfGroup(tx: Tx, groupId: string): Promise<Set<string>> {
    const rows = (await tx.manager.query(
      'SELECT DISTINCT destination FROM grants WHERE group_id = $1 AND destination <> $2',
      [groupId, INFRA_RESOURCE],
    )) as { destination: string }[];
    return new Set(rows.map((r) => r.destination));
  }

  async names(tx: Tx, userIds: string[]): Promise<Map<string, string>> {
    const rows = (await tx.manager.query('SELECT id, name FROM users WHERE id = ANY($1::uuid[])', [userIds])) as {
      id: string;
      name: string;
    }[];
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** The ids of a group's members. */
  async memberIds(tx: Tx, groupId: string): Promise<string[]> {
    const rows = (await tx.manager.query('SELECT user_id FROM memberships WHERE group_id = $1', [groupId])) as {
      user_id: string;
    }[];
    return rows.map((r) => r.user_id);
  }

  /** A group's name; undefined when there is no such group. */
  async groupName(tx: Tx, groupId: string): Promise<string | undefined> {
    const [row] = (await tx.manager.query('SELECT name FROM groups WHERE id = $1', [groupId])) as { name: string }[];
    return row?.name;
  }

  /** The grants held by a user or by a group (not through its groups), oldest first. */
  async grantsOf(tx: Tx, subject: { userId: string } | { groupId: string }): Promise<GrantPlace[]> {
    const [column, id] = 'userId' in subject ? ['user_id', subject.userId] : ['group_id', subject.groupId];
    return (await tx.manager.query(`SELECT id, destination FROM grants WHERE ${column} = $1 ORDER BY created, id`, [
      id,
    ])) as GrantPlace[];
  }
}
