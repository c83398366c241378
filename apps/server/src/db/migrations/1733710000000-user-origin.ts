import type { MigrationInterface, QueryRunner } from 'typeorm';

// Where a user comes from: the identity provider whose login made them, and their subject (`sub`) there. Null for
// users made in Infra (API, CLI, apply, bootstrap). A provider user has no local password (users.service.ts); when
// the provider is removed its users are signed out and become plain users (providers.service.ts clears both columns;
// ON DELETE SET NULL is only the backstop). Users made before this migration keep no record: which login made them
// is not known (their provider_sessions say only that they logged in through a provider, not that it made them).
export class UserOrigin1733710000000 implements MigrationInterface {
  name = 'UserOrigin1733710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users
      ADD COLUMN provider_id uuid REFERENCES providers (id) ON DELETE SET NULL,
      ADD COLUMN provider_subject text`);
    await q.query(`CREATE INDEX users_provider_id ON users (provider_id) WHERE provider_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN provider_subject, DROP COLUMN provider_id`);
  }
}
