import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A provider's SCIM bearer token, as its SHA-256: the token itself is shown once, when made. */
@Entity('scim_tokens')
export class ScimTokenEntity {
  @PrimaryColumn('uuid', { name: 'provider_id' }) providerId: string;
  @Column('text', { name: 'token_hash' }) tokenHash: string;
  @Column('timestamptz') created: Date;
}

/**
 * A user provisioned through SCIM, by the provider in their `users.provider_id` (kept there alone): only that provider
 * sees, changes or deletes them there.
 */
@Entity('scim_users')
export class ScimUserEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  /** The IdP's own id for the user (Entra sends its object id, Okta its user id). */
  @Column('text', { name: 'external_id', nullable: true }) externalId: string | null;
  @Column('text', { name: 'display_name', nullable: true }) displayName: string | null;
}
