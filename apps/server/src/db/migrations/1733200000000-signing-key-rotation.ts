import type { MigrationInterface, QueryRunner } from 'typeorm';

// Signing keys rotate (modules/tokens/signing-keys.service.ts): `superseded` is when a newer key took over signing;
// the old key is still published and verified until every token it signed has expired (plus a margin), then
// `retired` is set and connectors are told to drop it. proxy_audit is pruned by age, so it needs an index on `at`.
export class SigningKeyRotation1733200000000 implements MigrationInterface {
  name = 'SigningKeyRotation1733200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE signing_keys ADD COLUMN superseded timestamptz`);
    await q.query(`CREATE INDEX proxy_audit_at ON proxy_audit (at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX proxy_audit_at`);
    await q.query(`ALTER TABLE signing_keys DROP COLUMN superseded`);
  }
}
