import type { MigrationInterface, QueryRunner } from 'typeorm';

// `sessions.expired` covers ends by inactivity too (modules/expiry): a session's end is then LEAST(expires, last use
// plus timeout), which no index on `expires` can serve. The sweep reads the sessions not audited yet — the live ones
// and a backlog — through this partial index instead of every session ever opened.
export class SessionEndAudit1733730000000 implements MigrationInterface {
  name = 'SessionEndAudit1733730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX access_keys_session_expiry_unaudited`);
    await q.query(
      `CREATE INDEX access_keys_session_unaudited ON access_keys (id) WHERE kind = 'session' AND NOT expiry_audited`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX access_keys_session_unaudited`);
    await q.query(`CREATE INDEX access_keys_session_expiry_unaudited ON access_keys (expires)
      WHERE kind = 'session' AND expires IS NOT NULL AND NOT expiry_audited`);
  }
}
