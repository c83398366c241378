import type { MigrationInterface, QueryRunner } from 'typeorm';

// What connectors report over their stream: the proxy's audit trail and the reconciler's problems.
export class Connectors1732400000000 implements MigrationInterface {
  name = 'Connectors1732400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE proxy_audit (
      id uuid PRIMARY KEY,
      destination_id uuid NOT NULL REFERENCES destinations(id) ON DELETE CASCADE,
      at timestamptz NOT NULL,
      request_id varchar(128) NOT NULL,
      user_name varchar(256) NOT NULL,
      verb varchar(32) NOT NULL,
      path text NOT NULL,
      status integer NOT NULL,
      duration_ms integer NOT NULL,
      kubectl_command text NOT NULL,
      client_ip varchar(64) NOT NULL
    )`);
    await q.query(`CREATE INDEX proxy_audit_destination_at ON proxy_audit (destination_id, at, id)`);
    await q.query(`CREATE TABLE reconcile_problems (
      destination_id uuid PRIMARY KEY REFERENCES destinations(id) ON DELETE CASCADE,
      problems jsonb NOT NULL,
      reported_at timestamptz NOT NULL
    )`);
    // Snapshots list the revocations still in force without scanning the whole change log.
    await q.query(`CREATE INDEX changes_revocations ON changes (sequence) WHERE kind = 'revocation'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX changes_revocations');
    await q.query('DROP TABLE reconcile_problems');
    await q.query('DROP TABLE proxy_audit');
  }
}
