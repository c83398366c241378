import type { MigrationInterface, QueryRunner } from 'typeorm';

// Grant pages filter by user, group, destination or resource and are ordered by (created, id) for the cursor:
// each filter gets an index ending in that key, so a page reads only its rows. (destination, created, id)
// also serves what grants_destination did, so that one goes.
const INDEXES: [name: string, columns: string][] = [
  ['grants_user_page', 'user_id, created, id'],
  ['grants_group_page', 'group_id, created, id'],
  ['grants_destination_page', 'destination, created, id'],
  ['grants_resource_page', 'resource, created, id'],
  ['grants_page', 'created, id'],
];

export class GrantIndexes1732450000000 implements MigrationInterface {
  name = 'GrantIndexes1732450000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, columns] of INDEXES) await q.query(`CREATE INDEX ${name} ON grants (${columns})`);
    await q.query('DROP INDEX grants_destination');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX grants_destination ON grants (destination)');
    for (const [name] of [...INDEXES].reverse()) await q.query(`DROP INDEX ${name}`);
  }
}
