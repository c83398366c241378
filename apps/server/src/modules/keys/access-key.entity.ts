import { Column, Entity, PrimaryColumn } from 'typeorm';

/** `connector` keys open their destination's connector stream and nothing else. */
export type AccessKeyKind = 'key' | 'session' | 'connector';

@Entity('access_keys')
export class AccessKeyEntity {
  @PrimaryColumn('uuid') id: string;
  /** The public half of `<keyId>.<secret>`. */
  @Column('varchar', { name: 'key_id' }) keyId: string;
  @Column('text', { name: 'secret_hash' }) secretHash: string;
  @Column('varchar') name: string;
  @Column('varchar') kind: AccessKeyKind;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('timestamptz') created: Date;
  @Column('timestamptz', { nullable: true }) expires: Date | null;
  /** Seconds without use after which the key stops working. */
  @Column('integer', { name: 'inactivity_timeout', nullable: true }) inactivityTimeout: number | null;
  @Column('timestamptz', { name: 'last_used', nullable: true }) lastUsed: Date | null;
  /** A session opened by password login: held to the password change while a one-time password is pending. */
  @Column('boolean', { name: 'from_password', default: false }) fromPassword: boolean;
  /** The credential this one was made with; revoking the parent revokes it. Null for a root (password login, admin-made). */
  @Column('uuid', { name: 'parent_id', nullable: true }) parentId: string | null;
}
