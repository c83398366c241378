import type { MigrationInterface, QueryRunner } from 'typeorm';

// `GET /api/audit/requests/:requestID` finds one request id in both audit logs, across every destination: without
// these a lookup reads the whole proxy log. The proxy log's index costs each ingested event one more index entry
// (measured in tools/bench, README "audit ingest").
export class AuditRequestIds1733650000000 implements MigrationInterface {
  name = 'AuditRequestIds1733650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX proxy_audit_request_id ON proxy_audit (request_id)`);
    await q.query(`CREATE INDEX audit_request_id ON audit (request_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_request_id`);
    await q.query(`DROP INDEX proxy_audit_request_id`);
  }
}
