import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUrl, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../../../common/pagination.js';
import { PROVIDER_KINDS, type ProviderKind } from '../provider.entity.js';

const URL_RULE = { protocols: ['https', 'http'], require_protocol: true, require_tld: false };

export class CreateProviderDto {
  @ApiProperty({ example: 'okta', description: 'a lower-case DNS label; `infra login --provider NAME`' })
  @IsString() @MaxLength(63) @Matches(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, { message: 'must be a lower-case DNS label' })
  name: string;

  @ApiPropertyOptional({ enum: PROVIDER_KINDS, default: 'oidc' })
  @IsOptional() @IsIn(PROVIDER_KINDS)
  kind?: ProviderKind;

  @ApiProperty({ example: 'https://acme.okta.com', description: 'the issuer URL (https; http only on loopback)' })
  @IsString() @MaxLength(2048) @IsUrl(URL_RULE, { message: 'must be an http(s) URL' })
  url: string;

  @ApiProperty() @IsString() @MinLength(1) @MaxLength(1024) clientID: string;

  @ApiProperty({ description: 'stored encrypted; never returned' }) @IsString() @MinLength(1) @MaxLength(4096) clientSecret: string;
}

export class UpdateProviderDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2048) @IsUrl(URL_RULE, { message: 'must be an http(s) URL' }) url?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(1024) clientID?: string;
  @ApiPropertyOptional({ description: 'stored encrypted; never returned' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(4096) clientSecret?: string;
}

export class ListProvidersQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(63) name?: string;
}

export class ProviderResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: PROVIDER_KINDS }) kind: ProviderKind;
  @ApiProperty({ description: 'the issuer URL' }) url: string;
  @ApiProperty() clientID: string;
  @ApiProperty({ format: 'date-time' }) created: string;
  @ApiProperty({ format: 'date-time' }) updated: string;
}

export class StartProviderLoginQuery {
  @ApiProperty({ example: 'http://127.0.0.1:8301/callback', description: 'where the provider sends the browser back' })
  @IsString() @MaxLength(2048) @IsUrl(URL_RULE, { message: 'must be an http(s) URL' })
  redirect_uri: string;
}

export class ProviderLoginResponse {
  @ApiProperty({ description: 'open this in a browser' }) url: string;
  @ApiProperty({ description: 'the state in url; the callback must carry the same' }) state: string;
  @ApiProperty({ format: 'date-time', description: 'the login must finish before this' }) expires: string;
}
