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

/** Why a key stopped working by itself: its lifetime (`expires`) or its inactivity timeout. */
export type KeyEndReason = 'lifetime' | 'inactivity';

/**
 * When and why the key stops working unless it is used again: the earlier of `expires` and the last use (or creation)
 * plus the inactivity timeout; a tie is a lifetime end. Null for a key with neither. Ended means `at <= now`.
 */
export function keyEnd(key: AccessKeyEntity): { at: Date; reason: KeyEndReason } | null {
  const lastActive = key.lastUsed ?? key.created;
  const inactive = key.inactivityTimeout ? lastActive.getTime() + key.inactivityTimeout * 1000 : Infinity;
  if (key.expires && key.expires.getTime() <= inactive) return { at: key.expires, reason: 'lifetime' };
  return inactive === Infinity ? null : { at: new Date(inactive), reason: 'inactivity' };
}
