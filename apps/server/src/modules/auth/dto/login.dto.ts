import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiPropertyOptional({ description: '`<id>.<secret>`' }) @IsOptional() @IsString() @MaxLength(256) accessKey?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(256) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(256) password?: string;
}

export class LoginResponse {
  @ApiProperty({ format: 'uuid' }) userID: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'a new session key, `<id>.<secret>`' }) accessKey: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expires: string | null;
  @ApiProperty() passwordUpdateRequired: boolean;
}
