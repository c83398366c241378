import type { MigrationInterface, QueryRunner } from 'typeorm';

// SCIM provisioning (modules/scim/README.md). scim_tokens: one bearer token per provider, kept as its SHA-256 (shown
// once). scim_users links a user to the provider that provisions them (one provider per user) with the IdP's
// externalId. users.active: a user deactivated by their provider cannot log in or use a key until reactivated.
export class Scim1733700000000 implements MigrationInterface {
  name = 'Scim1733700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true`);
    await q.query(`CREATE TABLE scim_tokens (
      provider_id uuid PRIMARY KEY REFERENCES providers (id) ON DELETE CASCADE,
      token_hash text NOT NULL UNIQUE,
      created timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE scim_users (
      user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
      provider_id uuid NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
      external_id text,
      display_name text
    )`);
    await q.query(`CREATE INDEX scim_users_provider ON scim_users (provider_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE scim_users`);
    await q.query(`DROP TABLE scim_tokens`);
    await q.query(`ALTER TABLE users DROP COLUMN active`);
  }
}
