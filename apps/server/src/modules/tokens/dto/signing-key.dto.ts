import { ApiProperty } from '@nestjs/swagger';

export class SigningKeyResponse {
  @ApiProperty({ description: 'key id (JWK thumbprint), the `kid` of tokens it signs' }) kid: string;
  @ApiProperty({ format: 'date-time' }) created: string;
  @ApiProperty({ description: 'true for the one key that signs new tokens' }) signing: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'when a newer key took over' })
  superseded: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'after this the key is retired: no longer published, and connectors drop it',
  })
  retiresAfter: string | null;
}

export class SigningKeysResponse {
  @ApiProperty({ type: [SigningKeyResponse] }) keys: SigningKeyResponse[];
}
