import type { MigrationInterface, QueryRunner } from 'typeorm';

// Access requests (modules/requests): a user asks for a role on a destination or namespace for a while; an approver
// (an Infra admin, or a member of a group named for the destination in request_approvers) or PagerDuty's on-call
// decides. The grant an approval makes is an ordinary time-bound grant; grant_id points at it (no foreign key: the
// grant is removed at expiry or by an admin, the request stays as history). pagerduty holds one row at most.
export class AccessRequests1733500000000 implements MigrationInterface {
  name = 'AccessRequests1733500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE access_requests (
      id uuid PRIMARY KEY,
      requester_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      resource varchar(127) NOT NULL,
      destination varchar(63) NOT NULL,
      role varchar(253) NOT NULL,
      duration_seconds integer NOT NULL CHECK (duration_seconds > 0),
      reason text NOT NULL,
      state varchar(16) NOT NULL CHECK (state IN ('pending', 'approved', 'denied', 'expired', 'cancelled')),
      created timestamptz NOT NULL,
      pending_until timestamptz NOT NULL,
      decided_by uuid,
      decided_by_name varchar(256),
      decided_at timestamptz,
      decision_reason text,
      grant_id uuid,
      granted_until timestamptz,
      note text
    )`);
    await q.query(`CREATE INDEX access_requests_requester ON access_requests (requester_id, created, id)`);
    await q.query(
      `CREATE INDEX access_requests_pending ON access_requests (destination, pending_until) WHERE state = 'pending'`,
    );
    await q.query(`CREATE TABLE request_approvers (
      destination varchar(63) NOT NULL,
      group_id uuid NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
      PRIMARY KEY (destination, group_id)
    )`);
    await q.query(`CREATE TABLE pagerduty (
      id smallint PRIMARY KEY CHECK (id = 1),
      token_sealed text NOT NULL,
      schedule_ids jsonb NOT NULL,
      escalation_policy_ids jsonb NOT NULL,
      max_duration_seconds integer NOT NULL,
      updated timestamptz NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE pagerduty`);
    await q.query(`DROP TABLE request_approvers`);
    await q.query(`DROP TABLE access_requests`);
  }
}
