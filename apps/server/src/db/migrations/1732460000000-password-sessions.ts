import type { MigrationInterface, QueryRunner } from 'typeorm';

// Only a session opened with a one-time password is held to the password change; a session opened with an
// access key an admin handed out is not (the CLI logs people in with keys, and CI must never be prompted).
export class PasswordSessions1732460000000 implements MigrationInterface {
  name = 'PasswordSessions1732460000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access_keys ADD COLUMN from_password boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access_keys DROP COLUMN from_password`);
  }
}
