import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'alice@example.com' }) name: string;
  @ApiProperty({ format: 'date-time' }) created: string;
  @ApiProperty({ format: 'date-time' }) updated: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSeenAt: string | null;
  @ApiProperty() passwordUpdateRequired: boolean;
  @ApiPropertyOptional({ description: 'the identity provider whose login made this user (absent: made in Infra)' })
  provider?: string;
  @ApiPropertyOptional({ description: "the user's subject (`sub`) at that provider" })
  providerSubject?: string;
}

export class CreatedUserResponse extends UserResponse {
  @ApiPropertyOptional({ description: 'shown once: set when a person was created without a password' })
  oneTimePassword?: string;
}
