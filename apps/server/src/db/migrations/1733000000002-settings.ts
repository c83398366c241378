import type { MigrationInterface, QueryRunner } from 'typeorm';

// Named facts about the installation. `bootstrapped` records that the first start made the admin, so that a
// deleted bootstrap key (or a removed admin grant) is not brought back by a restart.
export class Settings1733000000002 implements MigrationInterface {
  name = 'Settings1733000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE settings (name varchar(64) PRIMARY KEY, value text NOT NULL)`);
    // A database that already has users was bootstrapped before this migration.
    await q.query(
      `INSERT INTO settings (name, value) SELECT 'bootstrapped', now()::text WHERE EXISTS (SELECT 1 FROM users)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE settings`);
  }
}
