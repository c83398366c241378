import type { MigrationInterface, QueryRunner } from 'typeorm';

// Group sync and continuous verification (modules/providers/README.md). Directory settings (Okta API token, Google
// service account, Azure Graph credentials) are one JSON object sealed with the root key. provider_sessions holds the
// refresh token of each user's last login through a provider and the groups last read for them; provider_groups
// refreshing_until is a lease: refresh tokens rotate, so two replicas refreshing one at once would see the second
// use refused as reuse (and the provider revoke the grant). provider_groups
// marks the groups a provider manages, provider_memberships the memberships a sync added (only those are removed).
export class ProviderSync1733600000010 implements MigrationInterface {
  name = 'ProviderSync1733600000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE providers ADD COLUMN directory_encrypted text,
      ADD COLUMN last_sync timestamptz, ADD COLUMN last_error text`);
    await q.query(`CREATE TABLE provider_sessions (
      provider_id uuid NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      subject text NOT NULL,
      directory_id text,
      refresh_token_encrypted text,
      groups jsonb NOT NULL DEFAULT '[]',
      last_sync timestamptz,
      last_error text,
      refreshing_until timestamptz,
      PRIMARY KEY (provider_id, user_id)
    )`);
    await q.query(`CREATE TABLE provider_groups (
      group_id uuid PRIMARY KEY REFERENCES groups (id) ON DELETE CASCADE,
      provider_id uuid NOT NULL REFERENCES providers (id) ON DELETE CASCADE
    )`);
    await q.query(`CREATE TABLE provider_memberships (
      provider_id uuid NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
      group_id uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      PRIMARY KEY (provider_id, group_id, user_id)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE provider_memberships`);
    await q.query(`DROP TABLE provider_groups`);
    await q.query(`DROP TABLE provider_sessions`);
    await q.query(
      `ALTER TABLE providers DROP COLUMN directory_encrypted, DROP COLUMN last_sync, DROP COLUMN last_error`,
    );
  }
}
