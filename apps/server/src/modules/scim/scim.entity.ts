import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A provider's SCIM bearer token, as its SHA-256: the token itself is shown once, when made. */
@Entity('scim_tokens')
export class ScimTokenEntity {
  @PrimaryColumn('uuid', { name: 'provider_id' }) providerId: string;
  @Column('text', { name: 'token_hash' }) tokenHash: string;
  @Column('timestamptz') created: Date;
}

/** A user provisioned by a provider through SCIM: only that provider sees, changes or deletes them there. */
@Entity('scim_users')
export class ScimUserEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @Column('uuid', { name: 'provider_id' }) providerId: string;
  /** The IdP's own id for the user (Entra sends its object id, Okta its user id). */
  @Column('text', { name: 'external_id', nullable: true }) externalId: string | null;
  @Column('text', { name: 'display_name', nullable: true }) displayName: string | null;
}
