import type { MigrationInterface, QueryRunner } from 'typeorm';

// Connector keys are their own kind: they open their destination's connector stream and nothing else. The keys
// of existing connector users (`connector:<destination>`) become connector keys.
export class ConnectorKeys1733000000001 implements MigrationInterface {
  name = 'ConnectorKeys1733000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE access_keys SET kind = 'connector'
      WHERE kind = 'key' AND user_id IN (SELECT id FROM users WHERE name LIKE 'connector:%')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE access_keys SET kind = 'key' WHERE kind = 'connector'`);
  }
}
