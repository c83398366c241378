import { Column, Entity, PrimaryColumn } from 'typeorm';

export const PROVIDER_KINDS = ['oidc'] as const;
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
