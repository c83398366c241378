import type { MigrationInterface, QueryRunner } from 'typeorm';

// `grants.expired` and `sessions.expired` audit rows (modules/expiry): `expiry_audited` is set in the transaction that
// writes the row, so each end is logged once, whichever replica sweeps and however often. Rows that ended before this
// migration are logged by the first sweep too, at their own end time (the retention prunes those older than it). The
// partial indexes hold only what a sweep still has to look at.
export class ExpiryAudit1733720000000 implements MigrationInterface {
  name = 'ExpiryAudit1733720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE grants ADD COLUMN expiry_audited boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE access_keys ADD COLUMN expiry_audited boolean NOT NULL DEFAULT false`);
    await q.query(
      `CREATE INDEX grants_expiry_unaudited ON grants (expires_at) WHERE expires_at IS NOT NULL AND NOT expiry_audited`,
    );
    await q.query(`CREATE INDEX access_keys_session_expiry_unaudited ON access_keys (expires)
      WHERE kind = 'session' AND expires IS NOT NULL AND NOT expiry_audited`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access_keys DROP COLUMN expiry_audited`);
    await q.query(`ALTER TABLE grants DROP COLUMN expiry_audited`);
  }
}
