import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PRIVILEGE } from '../../../common/names.js';
import { PageQuery } from '../../../common/pagination.js';
import { REQUEST_STATES, type RequestState } from '../access-request.entity.js';

export class CreateRequestDto {
  @ApiProperty({ example: 'production.web', description: '`destination` or `destination.namespace`' })
  @IsString()
  @MaxLength(127)
  resource: string;

  @ApiProperty({ example: 'view', description: 'a ClusterRole name, or `connect`' })
  @IsString()
  @MaxLength(253)
  @Matches(PRIVILEGE, { message: 'must be a ClusterRole name (letters, digits, ":", ".", "_", "-")' })
  role: string;

  @ApiProperty({
    example: '1h',
    description: "how long the access should last: 30m, 2h, 1d, 1h30m (cut to the server's maximum)",
  })
  @IsString()
  @MaxLength(32)
  duration: string;

  @ApiProperty({ example: 'INC-1234: web pods crash-looping', description: 'why, for the approver and the audit log' })
  @IsString()
  @MinLength(1, { message: 'must say why the access is needed' })
  @MaxLength(1000)
  reason: string;
}

export class DecideRequestDto {
  @ApiPropertyOptional({ description: 'why, for the requester and the audit log' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class ListRequestsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REQUEST_STATES })
  @IsOptional()
  @IsIn(REQUEST_STATES, { message: `must be one of ${REQUEST_STATES.join(', ')}` })
  state?: RequestState;

  @ApiPropertyOptional({ description: 'only your own requests (otherwise also those you may decide)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsIn([true, false], { message: 'must be true or false' })
  mine?: boolean;
}

export class AccessRequestResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) requester: string;
  @ApiProperty() requesterName: string;
  @ApiProperty() resource: string;
  @ApiProperty() role: string;
  @ApiProperty({ description: 'what was asked, in seconds' }) durationSeconds: number;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: REQUEST_STATES }) state: RequestState;
  @ApiProperty({ format: 'date-time' }) created: string;
  @ApiProperty({ format: 'date-time', description: 'a pending request expires then' }) pendingUntil: string;
  @ApiProperty({ type: String, nullable: true, description: 'a user name, or "PagerDuty on-call (schedule …)"' })
  decidedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) decisionReason: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) grantId: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'when the grant an approval made ends',
  })
  grantedUntil: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'why no automatic decision was made' }) note: string | null;
}
