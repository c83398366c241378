import type { MigrationInterface, QueryRunner } from 'typeorm';

// Credentials form families: each key or session records the credential it was made with (parent_id), so that
// revoking one revokes its descendants. The service revokes them one by one, each with a revocation entry for
// connectors; the cascade is only a safety net.
export class CredentialFamilies1733000000000 implements MigrationInterface {
  name = 'CredentialFamilies1733000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access_keys ADD COLUMN parent_id uuid REFERENCES access_keys(id) ON DELETE CASCADE`);
    await q.query(`CREATE INDEX access_keys_parent_id ON access_keys (parent_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX access_keys_parent_id`);
    await q.query(`ALTER TABLE access_keys DROP COLUMN parent_id`);
  }
}
