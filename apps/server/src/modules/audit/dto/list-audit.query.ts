import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { TimeRangeQuery } from '../../../common/time-range.js';

export class ListAuditQuery extends TimeRangeQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) action?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() actorID?: string;
  @ApiPropertyOptional({ description: "the actor's name as it was when they acted" })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  actor?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(256) targetID?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(128) requestID?: string;
}
