import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class ApplyDto {
  @ApiProperty({ description: 'the file as written (YAML): providers, roles, users, groups, grants' })
  @IsString()
  @MaxLength(60_000)
  document: string;

  @ApiPropertyOptional({ description: 'how problems name the file (default infra.yaml)', example: 'infra.yaml' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  @Matches(/^[^\n\r]+$/, { message: 'must be one line' })
  fileName?: string;

  @ApiPropertyOptional({ description: 'only compute and return the changes' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({
    description:
      'values of the `env:NAME` and `file:PATH` references in the document, resolved where the file is (the CLI)',
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'env:OKTA_CLIENT_SECRET': '…' },
  })
  @IsOptional()
  @IsObject()
  secrets?: Record<string, string>;
}

export class PlannedChangeResponse {
  @ApiProperty({ enum: ['+', '-', '~'] }) op: '+' | '-' | '~';
  @ApiProperty({ enum: ['provider', 'user', 'group', 'grant'] }) kind: 'provider' | 'user' | 'group' | 'grant';
  @ApiProperty({ description: 'provider, user or group name, or `<role> on <resource> to user|group <name>`' })
  name: string;
  @ApiPropertyOptional({
    description: 'a group: members added (+) and removed (-); a provider: the fields that change (never their values)',
  })
  detail?: string;
}

export class ApplyResponse {
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ type: [PlannedChangeResponse] }) changes: PlannedChangeResponse[];
  @ApiProperty({
    type: [String],
    description: 'the changes as `+ user …` lines, in a stable order; empty: nothing to do',
  })
  diff: string[];
}
