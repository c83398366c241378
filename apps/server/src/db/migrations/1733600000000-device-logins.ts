import type { MigrationInterface, QueryRunner } from 'typeorm';

// Device logins (modules/device): `infra login --no-browser` under way. Both codes are stored as SHA-256 hashes; a
// row lives ten minutes at most and is deleted when its session is handed out, denied or found expired.
export class DeviceLogins1733600000000 implements MigrationInterface {
  name = 'DeviceLogins1733600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE device_logins (
      device_code_hash text PRIMARY KEY,
      user_code_hash text NOT NULL UNIQUE,
      status varchar(16) NOT NULL,
      interval_seconds integer NOT NULL,
      last_polled timestamptz,
      user_id uuid REFERENCES users (id) ON DELETE CASCADE,
      approver_credential_id uuid,
      created timestamptz NOT NULL,
      expires timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX device_logins_expires ON device_logins (expires)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE device_logins`);
  }
}
