import { Column, Entity, PrimaryColumn } from 'typeorm';

export const PROVIDER_KINDS = ['oidc', 'okta', 'google', 'azure'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

@Entity('providers')
export class ProviderEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('varchar') name: string;
  @Column('varchar') kind: ProviderKind;
  /** The issuer URL; its discovery document lives under /.well-known/openid-configuration. */
  @Column('text') url: string;
  @Column('text', { name: 'client_id' }) clientId: string;
  /** Sealed with the root key (common/root-key.ts); never leaves the server. */
  @Column('text', { name: 'client_secret_encrypted' }) clientSecretEncrypted: string;
  /** DirectorySettings (directory/settings.ts) as JSON, sealed with the root key; null: groups from the ID token only. */
  @Column('text', { name: 'directory_encrypted', nullable: true }) directoryEncrypted: string | null;
  /** When a group sync through this provider last succeeded, and the last failure since (null once one succeeds). */
  @Column('timestamptz', { name: 'last_sync', nullable: true }) lastSync: Date | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  @Column('timestamptz') created: Date;
  @Column('timestamptz') updated: Date;
}

/** A browser login under way: what the callback must match. Deleted when used, so a state works once. */
@Entity('provider_logins')
export class ProviderLoginEntity {
  /** SHA-256 of the state: the database alone does not let anyone finish someone else's login. */
  @PrimaryColumn('text', { name: 'state_hash' }) stateHash: string;
  @Column('uuid', { name: 'provider_id' }) providerId: string;
  @Column('text', { name: 'redirect_uri' }) redirectUri: string;
  @Column('text', { name: 'code_verifier_encrypted' }) codeVerifierEncrypted: string;
  @Column('text') nonce: string;
  @Column('timestamptz') expires: Date;
}

/** A user's standing with a provider: what continuous verification refreshes and what group sync last read. */
@Entity('provider_sessions')
export class ProviderSessionEntity {
  @PrimaryColumn('uuid', { name: 'provider_id' }) providerId: string;
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  /** The ID token's `sub`. */
  @Column('text') subject: string;
  /** The user's id in the directory API when it is not `sub` (Azure: the `oid` claim). */
  @Column('text', { name: 'directory_id', nullable: true }) directoryId: string | null;
  /** Sealed with the root key; null when the provider gave none (then only login syncs the user). */
  @Column('text', { name: 'refresh_token_encrypted', nullable: true }) refreshTokenEncrypted: string | null;
  /** The group names last read for this user: what a failed lookup keeps. */
  @Column('jsonb') groups: string[];
  @Column('timestamptz', { name: 'last_sync', nullable: true }) lastSync: Date | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  /** While a replica is refreshing the token (rotation makes a concurrent refresh look like reuse). */
  @Column('timestamptz', { name: 'refreshing_until', nullable: true }) refreshingUntil?: Date | null;
}

/** A group the provider manages: sync creates it on demand, and only sync changes its provider memberships. */
@Entity('provider_groups')
export class ProviderGroupEntity {
  @PrimaryColumn('uuid', { name: 'group_id' }) groupId: string;
  @Column('uuid', { name: 'provider_id' }) providerId: string;
}

/** A membership a sync added; a sync removes only these, never a membership an admin made. */
@Entity('provider_memberships')
export class ProviderMembershipEntity {
  @PrimaryColumn('uuid', { name: 'provider_id' }) providerId: string;
  @PrimaryColumn('uuid', { name: 'group_id' }) groupId: string;
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
}
