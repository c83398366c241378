import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { GROUP_NAME, NOT_RESERVED, NOT_RESERVED_MESSAGE } from '../../../common/names.js';
import { PageQuery } from '../../../common/pagination.js';

export class CreateGroupDto {
  @ApiProperty({ description: 'printable ASCII; becomes the Kubernetes group name, so not system:…' })
  @IsString()
  @MaxLength(256)
  @Matches(GROUP_NAME, { message: 'must be printable ASCII without leading or trailing spaces' })
  @Matches(NOT_RESERVED, { message: NOT_RESERVED_MESSAGE })
  name: string;
}

export class ListGroupsQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(256) name?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'only the groups of this user' })
  @IsOptional()
  @IsUUID()
  userID?: string;
}

export class UpdateMembersDto {
  @ApiPropertyOptional({ type: [String], description: 'user names or ids' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(256, { each: true })
  usersToAdd?: string[];

  @ApiPropertyOptional({ type: [String], description: 'user names or ids' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(256, { each: true })
  usersToRemove?: string[];
}

export class GroupResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date-time' }) created: string;
  @ApiProperty({ format: 'date-time' }) updated: string;
  @ApiProperty() totalUsers: number;
}
