import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { JWK } from 'jose';

@Entity('signing_keys')
export class SigningKeyEntity {
  @PrimaryColumn('varchar') kid: string;
  @Column('jsonb', { name: 'public_jwk' }) publicJwk: JWK;
  /** AES-256-GCM with the root key; see common/secrets.ts. */
  @Column('text', { name: 'private_jwk_encrypted' }) privateJwkEncrypted: string;
  @Column('timestamptz') created: Date;
  @Column('timestamptz', { nullable: true }) retired: Date | null;
}
