import { Injectable } from '@nestjs/common';
import type { Tx } from '../../db/database.js';
import { GrantEntity } from '../grants/grant.entity.js';
import type { GrantPayload, GroupPayload, RevocationPayload, SigningKeyPayload, UserPayload } from './change.types.js';
import { toGrantMessage } from './projection.js';

/** Read-only queries for a destination's snapshot; always run inside the snapshot's transaction. */
@Injectable()
export class SnapshotRepository {
  async sequence(tx: Tx): Promise<number> {
    const [row] = (await tx.manager.query('SELECT COALESCE(MAX(sequence), 0) AS s FROM changes')) as { s: string }[];
    return Number(row?.s ?? 0);
  }

  /** The destination's grants as the change log would announce them (the same mapping). */
  async grants(tx: Tx, destination: string): Promise<GrantPayload[]> {
    const rows = await tx.manager.find(GrantEntity, { where: { destination }, order: { created: 'ASC', id: 'ASC' } });
    return rows.map(toGrantMessage);
  }

  /** Users named by the grants or members of groups named by them, each with those of their groups that the grants name. */
  async users(tx: Tx, userIds: string[], groupIds: string[]): Promise<UserPayload[]> {
    const rows = (await tx.manager.query(
      `SELECT u.id, u.name, COALESCE(array_agg(m.group_id ORDER BY m.group_id) FILTER (WHERE m.group_id IS NOT NULL), '{}') AS group_ids
         FROM users u LEFT JOIN memberships m ON m.user_id = u.id AND m.group_id = ANY($2::uuid[])
        WHERE u.id = ANY($1::uuid[]) OR u.id IN (SELECT user_id FROM memberships WHERE group_id = ANY($2::uuid[]))
        GROUP BY u.id, u.name ORDER BY u.name`,
      [userIds, groupIds],
    )) as { id: string; name: string; group_ids: string[] }[];
    return rows.map((r) => ({ id: r.id, name: r.name, groupIds: r.group_ids }));
  }

  async groups(tx: Tx, groupIds: string[]): Promise<GroupPayload[]> {
    return (await tx.manager.query('SELECT id, name FROM groups WHERE id = ANY($1::uuid[]) ORDER BY name', [
      groupIds,
    ])) as GroupPayload[];
  }

  async signingKeys(tx: Tx): Promise<SigningKeyPayload[]> {
    const rows = (await tx.manager.query(
      'SELECT kid, public_jwk FROM signing_keys WHERE retired IS NULL ORDER BY created',
    )) as { kid: string; public_jwk: object }[];
    return rows.map((r) => ({ kid: r.kid, publicJwkJson: JSON.stringify(r.public_jwk) }));
  }

  /** Revocations from the change log that still matter at `nowMs`. */
  async revocations(tx: Tx, nowMs: number): Promise<RevocationPayload[]> {
    const rows = (await tx.manager.query(
      `SELECT payload FROM changes WHERE kind = 'revocation' AND (payload->>'untilMs')::bigint > $1 ORDER BY sequence`,
      [nowMs],
    )) as { payload: RevocationPayload }[];
    return rows.map((r) => r.payload);
  }
}
