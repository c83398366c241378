import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PRIVILEGE } from '../../../common/names.js';
import { PageQuery } from '../../../common/pagination.js';

const privilegeRule = Matches(PRIVILEGE, {
  message: 'must be a ClusterRole name (letters, digits, ":", ".", "_", "-")',
});

class GrantSubjectDto {
  @ApiPropertyOptional({ description: 'user name or id' }) @IsOptional() @IsString() @MaxLength(256) user?: string;
  @ApiPropertyOptional({ description: 'group name or id' }) @IsOptional() @IsString() @MaxLength(256) group?: string;
}

export class CreateGrantDto extends GrantSubjectDto {
  @ApiProperty({ example: 'view', description: 'a ClusterRole name, `connect`, or admin/view on `infra`' })
  @IsString()
  @MaxLength(253)
  @privilegeRule
  privilege: string;

  @ApiProperty({ example: 'production.web', description: '`cluster`, `cluster.namespace`, or `infra`' })
  @IsString()
  @MaxLength(127)
  resource: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

export class DeleteGrantsQuery extends GrantSubjectDto {
  @ApiProperty() @IsString() @MaxLength(253) privilege: string;
  @ApiProperty() @IsString() @MaxLength(127) resource: string;
}

export class ListGrantsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'user name or id' }) @IsOptional() @IsString() @MaxLength(256) user?: string;
  @ApiPropertyOptional({ description: 'group name or id' }) @IsOptional() @IsString() @MaxLength(256) group?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(127) resource?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(253) privilege?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(63) destination?: string;
  @ApiPropertyOptional({ description: "with user: also the grants of the user's groups" })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  showInherited?: boolean;
  @ApiPropertyOptional({ description: 'also grants that have expired (history); they are left out otherwise' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeExpired?: boolean;
}

export class GrantResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiPropertyOptional({ format: 'uuid' }) user?: string;
  @ApiPropertyOptional() userName?: string;
  @ApiPropertyOptional({ format: 'uuid' }) group?: string;
  @ApiPropertyOptional() groupName?: string;
  @ApiProperty() privilege: string;
  @ApiProperty() resource: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt: string | null;
  @ApiProperty({ format: 'date-time' }) created: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy: string | null;
}

export class CreatedGrantResponse extends GrantResponse {
  @ApiProperty({ description: 'false when the grant already existed (answered with 200)' }) wasCreated: boolean;
  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'set when a grant in force ended at this time and now ends at expiresAt (a grant is extended, never shortened)',
  })
  extendedFrom?: string;
}
