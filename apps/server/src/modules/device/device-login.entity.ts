import { Column, Entity, PrimaryColumn } from 'typeorm';

export type DeviceLoginStatus = 'pending' | 'approved' | 'denied';

/** `infra login --no-browser` under way (see README.md). Codes are kept only as SHA-256 hashes. */
@Entity('device_logins')
export class DeviceLoginEntity {
  @PrimaryColumn('text', { name: 'device_code_hash' }) deviceCodeHash: string;
  @Column('text', { name: 'user_code_hash' }) userCodeHash: string;
  @Column('varchar') status: DeviceLoginStatus;
  /** Seconds the CLI must wait between polls; grows by 5 at each `slow_down`. */
  @Column('integer', { name: 'interval_seconds' }) intervalSeconds: number;
  @Column('timestamptz', { name: 'last_polled', nullable: true }) lastPolled: Date | null;
  /** Set on approval: whose session the CLI gets. */
  @Column('uuid', { name: 'user_id', nullable: true }) userId: string | null;
  /** The credential that approved: the new session descends from it (revoking it revokes the device's session). */
  @Column('uuid', { name: 'approver_credential_id', nullable: true }) approverCredentialId: string | null;
  @Column('timestamptz') created: Date;
  @Column('timestamptz') expires: Date;
}
