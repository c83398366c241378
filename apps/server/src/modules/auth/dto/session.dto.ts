import { ApiProperty } from '@nestjs/swagger';

export class SessionResponse {
  @ApiProperty({ format: 'uuid' }) userID: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['admin', 'view', 'user'], description: "the caller's role on Infra" }) role:
    'admin' | 'view' | 'user';
  @ApiProperty({ description: 'a one-time password must be changed (PUT /api/users/{id}) before anything else' })
  passwordUpdateRequired: boolean;
}
