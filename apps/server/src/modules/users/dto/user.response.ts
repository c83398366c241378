import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'alice@example.com' }) name: string;
  @ApiProperty({ format: 'date-time' }) created: string;
  @ApiProperty({ format: 'date-time' }) updated: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSeenAt: string | null;
  @ApiProperty() passwordUpdateRequired: boolean;
}

export class CreatedUserResponse extends UserResponse {
  @ApiPropertyOptional({ description: 'shown once: set when a person was created without a password' })
  oneTimePassword?: string;
}
