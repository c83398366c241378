import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** What the CLI received on its loopback callback, posted to /api/login as `oidc`. */
export class OidcLoginDto {
  @ApiProperty({ description: 'the provider name' }) @IsString() @MinLength(1) @MaxLength(63) provider: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(4096) code: string;
  @ApiProperty({ description: 'the redirect_uri the login was started with' })
  @IsString()
  @MaxLength(2048)
  redirectURI: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(512) state: string;
  @ApiPropertyOptional({ description: "the callback's `iss` parameter, when the provider sends one (RFC 9207)" })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  iss?: string;
}
