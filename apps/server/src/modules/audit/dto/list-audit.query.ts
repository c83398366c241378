import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../../common/pagination.js';

export class ListAuditQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) action?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() actorID?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(256) targetID?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(128) requestID?: string;
}
