import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('users')
export class UserEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('varchar') name: string;
  @Column('text', { name: 'password_hash', nullable: true }) passwordHash: string | null;
  @Column('boolean', { name: 'password_update_required' }) passwordUpdateRequired: boolean;
  @Column('timestamptz') created: Date;
  @Column('timestamptz') updated: Date;
  /** False while the user's provider has deactivated them (SCIM): no login, no key works. */
  @Column('boolean', { default: true }) active: boolean;
  @Column('timestamptz', { name: 'last_seen_at', nullable: true }) lastSeenAt: Date | null;
  /**
   * The identity provider whose login or SCIM made this user, the one they belong to (scim_users keeps no copy);
   * null for users made in Infra.
   */
  @Column('uuid', { name: 'provider_id', nullable: true }) providerId: string | null;
  /** The user's subject (`sub`) at that provider. */
  @Column('text', { name: 'provider_subject', nullable: true }) providerSubject: string | null;
}
