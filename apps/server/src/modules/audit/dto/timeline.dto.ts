import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { TimeRangeQuery } from '../../../common/time-range.js';
import { AuditEventResponse } from './audit-event.response.js';
import { ProxiedRequestResponse } from './request-trail.response.js';

export const LOGS = ['admin', 'proxy'] as const;
export type LogName = (typeof LOGS)[number];

/** The prefix of a proxied request's action: `proxy.<verb>`, like `proxy.delete`. */
export const PROXY_ACTION = 'proxy.';

export class TimelineQuery extends TimeRangeQuery {
  @ApiPropertyOptional({ enum: LOGS, description: 'only this log; both when left out' })
  @IsOptional()
  @IsIn(LOGS, { message: 'log must be admin or proxy' })
  log?: LogName;

  @ApiPropertyOptional({
    description: 'who: the actor of an admin event (their name when they acted), or the user a request was proxied as',
  })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  user?: string;

  @ApiPropertyOptional({
    example: 'grants.create',
    description: `an admin action (grants.create), or ${PROXY_ACTION}<verb> for proxied requests (${PROXY_ACTION}delete)`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  action?: string;

  @ApiPropertyOptional({
    description:
      'a destination name: requests proxied by its connector, and admin events about it or about grants and access requests on it',
  })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  destination?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(128) requestID?: string;
}

export class TimelineEntryResponse {
  @ApiProperty({ enum: LOGS }) log: LogName;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: String, nullable: true, description: 'the actor, or the user a request was proxied as' })
  user: string | null;
  @ApiProperty({ example: 'grants.create', description: `the admin action, or ${PROXY_ACTION}<verb>` }) action: string;
  @ApiProperty({ type: String, nullable: true }) requestID: string | null;
  @ApiPropertyOptional({ type: AuditEventResponse, description: 'the whole event, when log is admin' })
  admin?: AuditEventResponse;
  @ApiPropertyOptional({ type: ProxiedRequestResponse, description: 'the whole request, when log is proxy' })
  proxied?: ProxiedRequestResponse;
}
