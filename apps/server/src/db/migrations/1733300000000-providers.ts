import type { MigrationInterface, QueryRunner } from 'typeorm';

// Identity providers (modules/providers): the client secret is stored sealed with the root key. provider_logins holds
// browser logins under way (state, PKCE verifier, nonce) for a few minutes; any replica may receive the callback.
export class Providers1733300000000 implements MigrationInterface {
  name = 'Providers1733300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE providers (
      id uuid PRIMARY KEY,
      name varchar(63) NOT NULL UNIQUE,
      kind varchar(32) NOT NULL,
      url text NOT NULL,
      client_id text NOT NULL,
      client_secret_encrypted text NOT NULL,
      created timestamptz NOT NULL,
      updated timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE provider_logins (
      state_hash text PRIMARY KEY,
      provider_id uuid NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
      redirect_uri text NOT NULL,
      code_verifier_encrypted text NOT NULL,
      nonce text NOT NULL,
      expires timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX provider_logins_expires ON provider_logins (expires)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE provider_logins`);
    await q.query(`DROP TABLE providers`);
  }
}
