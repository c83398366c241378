import type { MigrationInterface, QueryRunner } from 'typeorm';

// The change log is pruned (connectors/change-log-pruner.ts). `change_log_pruned.through` says how far: every entry
// up to it is gone, except revocations still in force, so a connector behind it needs a fresh snapshot. Each
// destination's `applied_sequence` (the last change its connector acknowledged, written with each heartbeat)
// keeps entries a connected connector still needs.
export class ChangeLogPruning1732470000000 implements MigrationInterface {
  name = 'ChangeLogPruning1732470000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE change_log_pruned (
      id smallint PRIMARY KEY CHECK (id = 1),
      through bigint NOT NULL
    )`);
    await q.query(`INSERT INTO change_log_pruned (id, through) VALUES (1, 0)`);
    await q.query(`ALTER TABLE destinations ADD COLUMN applied_sequence bigint NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE destinations DROP COLUMN applied_sequence`);
    await q.query(`DROP TABLE change_log_pruned`);
  }
}
