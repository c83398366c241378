import type { MigrationInterface, QueryRunner } from 'typeorm';

// The expiry audit covers every credential that can end by itself (modules/expiry): access keys with an expiry or an
// inactivity timeout (`keys.expired`), not only sessions. The partial index holds the credentials not audited yet that
// have an end at all — the predicate is KeysRepository's HAS_END, word for word, so the planner can use it — and
// leaves out keys that never end (the bootstrap admin key, connector keys), which would otherwise stay in it forever.
export class KeyEndAudit1733750000000 implements MigrationInterface {
  name = 'KeyEndAudit1733750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX access_keys_session_unaudited`);
    await q.query(`CREATE INDEX access_keys_end_unaudited ON access_keys (id)
      WHERE NOT expiry_audited AND (expires IS NOT NULL OR inactivity_timeout > 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX access_keys_end_unaudited`);
    await q.query(
      `CREATE INDEX access_keys_session_unaudited ON access_keys (id) WHERE kind = 'session' AND NOT expiry_audited`,
    );
  }
}
