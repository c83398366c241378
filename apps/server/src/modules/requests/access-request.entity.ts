import { Column, Entity, PrimaryColumn } from 'typeorm';

export const REQUEST_STATES = ['pending', 'approved', 'denied', 'expired', 'cancelled'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

@Entity('access_requests')
export class AccessRequestEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'requester_id' }) requesterId: string;
  @Column('varchar') resource: string;
  @Column('varchar') destination: string;
  @Column('varchar') role: string;
  @Column('integer', { name: 'duration_seconds' }) durationSeconds: number;
  @Column('text') reason: string;
  @Column('varchar') state: RequestState;
  @Column('timestamptz') created: Date;
  /** A request nobody decided by then expires. */
  @Column('timestamptz', { name: 'pending_until' }) pendingUntil: Date;
  @Column('uuid', { name: 'decided_by', nullable: true }) decidedBy: string | null;
  /** Who decided, as shown: a user's name, or "PagerDuty on-call (schedule …)". */
  @Column('varchar', { name: 'decided_by_name', nullable: true }) decidedByName: string | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt: Date | null;
  @Column('text', { name: 'decision_reason', nullable: true }) decisionReason: string | null;
  @Column('uuid', { name: 'grant_id', nullable: true }) grantId: string | null;
  @Column('timestamptz', { name: 'granted_until', nullable: true }) grantedUntil: Date | null;
  /** Why an automatic decision was not made (PagerDuty unreachable, token refused…). */
  @Column('text', { nullable: true }) note: string | null;
}

@Entity('request_approvers')
export class RequestApproverEntity {
  @PrimaryColumn('varchar') destination: string;
  @PrimaryColumn('uuid', { name: 'group_id' }) groupId: string;
}

@Entity('pagerduty')
export class PagerDutySettingsEntity {
  @PrimaryColumn('smallint') id: number;
  /** The API token, sealed with the root key (common/root-key.ts); never returned or logged. */
  @Column('text', { name: 'token_sealed' }) tokenSealed: string;
  @Column('jsonb', { name: 'schedule_ids' }) scheduleIds: string[];
  @Column('jsonb', { name: 'escalation_policy_ids' }) escalationPolicyIds: string[];
  @Column('integer', { name: 'max_duration_seconds' }) maxDurationSeconds: number;
  @Column('timestamptz') updated: Date;
}
