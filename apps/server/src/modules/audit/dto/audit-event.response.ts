import { ApiProperty } from '@nestjs/swagger';

export class AuditEventResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) actorID: string | null;
  @ApiProperty({ type: String, nullable: true }) actorName: string | null;
  @ApiProperty({ example: 'grants.create' }) action: string;
  @ApiProperty({ example: 'grant' }) targetType: string;
  @ApiProperty({ type: String, nullable: true }) targetID: string | null;
  @ApiProperty({ type: String, nullable: true }) targetName: string | null;
  @ApiProperty({ type: String, nullable: true }) clientIP: string | null;
  @ApiProperty({ type: String, nullable: true }) requestID: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
}
