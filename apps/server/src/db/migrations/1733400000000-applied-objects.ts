import type { MigrationInterface, QueryRunner } from 'typeorm';

// Access as code (modules/apply): which users, groups, memberships and grants an apply created, so that a later apply
// removes them once the file no longer declares them and leaves everything made through the API alone. The object
// ids are not foreign keys (four kinds in one table): apply drops rows whose object is gone.
export class AppliedObjects1733400000000 implements MigrationInterface {
  name = 'AppliedObjects1733400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE applied_objects (
      kind varchar NOT NULL,
      object_id varchar NOT NULL,
      source varchar NOT NULL,
      created timestamptz NOT NULL,
      PRIMARY KEY (kind, object_id)
    )`);
    await q.query(`CREATE INDEX applied_objects_source ON applied_objects (source)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE applied_objects`);
  }
}
