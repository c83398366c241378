import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { OidcLoginDto } from '../../providers/dto/oidc-login.dto.js';

export class LoginDto {
  @ApiPropertyOptional({ description: '`<id>.<secret>`' }) @IsOptional() @IsString() @MaxLength(256) accessKey?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(256) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(256) password?: string;
  @ApiPropertyOptional({
    type: OidcLoginDto,
    description: 'finishes a browser login started at GET /api/providers/{name}/login',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => OidcLoginDto)
  oidc?: OidcLoginDto;
}

export class LoginResponse {
  @ApiProperty({ format: 'uuid' }) userID: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'a new session key, `<id>.<secret>`' }) accessKey: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expires: string | null;
  @ApiProperty() passwordUpdateRequired: boolean;
}
