import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { EMAIL, MACHINE_NAME, NOT_RESERVED, NOT_RESERVED_MESSAGE } from '../../../common/names.js';

const USER_NAME = new RegExp(`(${EMAIL.source})|(${MACHINE_NAME.source})`);

export class CreateUserDto {
  @ApiProperty({
    description: 'an e-mail address for people (stored lower-case), a plain lower-case name for machines; not system:…',
  })
  @IsString()
  @MaxLength(256)
  @Matches(USER_NAME, { message: 'must be an e-mail address or a lower-case machine name' })
  @Matches(NOT_RESERVED, { message: NOT_RESERVED_MESSAGE })
  name: string;

  @ApiPropertyOptional({ description: 'a one-time password: the user must change it on first login' })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(256)
  password?: string;
}

export class UpdateUserDto {
  @ApiProperty()
  @IsString()
  @MinLength(8)
  @MaxLength(256)
  password: string;

  @ApiPropertyOptional({ description: 'required when users change their own password' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  oldPassword?: string;
}
