import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { JWK } from 'jose';

@Entity('signing_keys')
export class SigningKeyEntity {
  @PrimaryColumn('varchar') kid: string;
  @Column('jsonb', { name: 'public_jwk' }) publicJwk: JWK;
  /** AES-256-GCM with the root key; see common/secrets.ts. */
  @Column('text', { name: 'private_jwk_encrypted' }) privateJwkEncrypted: string;
  @Column('timestamptz') created: Date;
  /** A newer key took over signing; this one is still published until every token it signed has expired. */
  @Column('timestamptz', { nullable: true }) superseded: Date | null;
  /** No longer published or verified; connectors were told to drop it. */
  @Column('timestamptz', { nullable: true }) retired: Date | null;
}
