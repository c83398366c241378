import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { JWK } from 'jose';

export class CreateTokenDto {
  @ApiProperty({ example: 'production', description: 'the destination the token is for (its audience)' })
  @IsString()
  @MinLength(1)
  @MaxLength(63)
  destination: string;
}

export class TokenResponse {
  @ApiProperty({ description: 'ES256 JWT' }) token: string;
  @ApiProperty({ format: 'date-time' }) expires: string;
}

export class JwksResponse {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) keys: JWK[];
}
