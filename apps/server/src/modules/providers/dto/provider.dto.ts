import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUrl, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../../../common/pagination.js';
import { PROVIDER_KINDS, type ProviderKind } from '../provider.entity.js';

const URL_RULE = { protocols: ['https', 'http'], require_protocol: true, require_tld: false };

/** Directory access for group sync (kind-specific; stored encrypted; never returned). */
export class DirectoryFieldsDto {
  @ApiPropertyOptional({ description: 'okta: an API token (read-only admin) for /api/v1/users/{id}/groups' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  oktaAPIToken?: string;

  @ApiPropertyOptional({ description: 'google: the JSON key file of a service account with domain-wide delegation' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(16384)
  googleServiceAccountKey?: string;

  @ApiPropertyOptional({ description: 'google: a Workspace admin the service account acts as' })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  googleAdminEmail?: string;

  @ApiPropertyOptional({ description: 'azure: the tenant (directory) ID; enables Microsoft Graph group lookups' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9.-]{1,253}$/, { message: 'must be a tenant ID or domain' })
  azureTenantID?: string;
}

export class CreateProviderDto extends DirectoryFieldsDto {
  @ApiProperty({ example: 'okta', description: 'a lower-case DNS label; `infra login --provider NAME`' })
  @IsString()
  @MaxLength(63)
  @Matches(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, { message: 'must be a lower-case DNS label' })
  name: string;

  @ApiPropertyOptional({ enum: PROVIDER_KINDS, default: 'oidc' })
  @IsOptional()
  @IsIn(PROVIDER_KINDS)
  kind?: ProviderKind;

  @ApiPropertyOptional({
    example: 'https://acme.okta.com',
    description:
      'the issuer URL (https; http only on loopback); google: https://accounts.google.com by default; azure: from azureTenantID',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @IsUrl(URL_RULE, { message: 'must be an http(s) URL' })
  url?: string;

  @ApiProperty() @IsString() @MinLength(1) @MaxLength(1024) clientID: string;

  @ApiProperty({ description: 'stored encrypted; never returned' })
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  clientSecret: string;
}

export class UpdateProviderDto extends DirectoryFieldsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @IsUrl(URL_RULE, { message: 'must be an http(s) URL' })
  url?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(1024) clientID?: string;
  @ApiPropertyOptional({ description: 'stored encrypted; never returned' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  clientSecret?: string;
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
  @ApiProperty({ description: "whether group sync reads a directory API (else the ID token's groups claim)" })
  directory: boolean;
  @ApiPropertyOptional({ format: 'date-time', description: 'when a group sync last succeeded' }) lastSync?: string;
  @ApiPropertyOptional({ description: 'the last sync or verification failure since then' }) lastError?: string;
  @ApiProperty({ format: 'date-time' }) created: string;
  @ApiProperty({ format: 'date-time' }) updated: string;
}

export class StartProviderLoginQuery {
  @ApiProperty({ example: 'http://127.0.0.1:8301/callback', description: 'where the provider sends the browser back' })
  @IsString()
  @MaxLength(2048)
  @IsUrl(URL_RULE, { message: 'must be an http(s) URL' })
  redirect_uri: string;
}

export class ProviderLoginResponse {
  @ApiProperty({ description: 'open this in a browser' }) url: string;
  @ApiProperty({ description: 'the state in url; the callback must carry the same' }) state: string;
  @ApiProperty({ format: 'date-time', description: 'the login must finish before this' }) expires: string;
}
