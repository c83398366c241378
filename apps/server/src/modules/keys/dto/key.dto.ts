import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../../../common/pagination.js';

export class CreateKeyDto {
  @ApiPropertyOptional({ description: 'unique per user; generated when absent' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  @Matches(/^[\x21-\x7e]+$/, { message: 'must be printable ASCII without spaces' })
  name?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'whose key (admins only); the caller by default' })
  @IsOptional()
  @IsUUID()
  userID?: string;

  @ApiPropertyOptional({
    description: 'lifetime in seconds: INFRA_KEY_DEFAULT_TTL when absent, at most INFRA_KEY_MAX_TTL',
  })
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(10 * 365 * 86400)
  expiry?: number;

  @ApiPropertyOptional({ description: 'the key stops working after this many seconds without use' })
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(365 * 86400)
  inactivityTimeout?: number;
}

export class ListKeysQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() userID?: string;
}

export class KeyResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) userID: string;
  @ApiProperty() userName: string;
  @ApiProperty({ format: 'date-time' }) created: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expires: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsed: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'seconds' }) inactivityTimeout: number | null;
}

export class CreatedKeyResponse extends KeyResponse {
  @ApiProperty({ description: '`<id>.<secret>`, shown once' }) accessKey: string;
}
