import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

// PagerDuty ids are short upper-case alphanumerics (PSCHED1, P2X7Q9Z).
const PAGERDUTY_ID = /^[A-Z0-9]{1,32}$/;

export class SetApproversDto {
  @ApiProperty({
    type: [String],
    description: 'group names or ids whose members may decide requests for this destination (empty: admins only)',
  })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(256, { each: true })
  groups: string[];
}

export class ApproversResponse {
  @ApiProperty() destination: string;
  @ApiProperty({ type: [String] }) groups: string[];
}

export class SetPagerDutyDto {
  @ApiPropertyOptional({ description: 'REST API token; kept from the last setting when left out; never returned' })
  @IsOptional()
  @IsString()
  @Matches(/^[\x21-\x7e]{8,256}$/, { message: 'must be 8 to 256 printable characters' })
  token?: string;

  @ApiPropertyOptional({ type: [String], description: 'schedules whose on-call person is approved automatically' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(PAGERDUTY_ID, { each: true, message: 'must be PagerDuty ids like PSCHED1' })
  scheduleIDs?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: 'escalation policies whose on-call people are approved automatically',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(PAGERDUTY_ID, { each: true, message: 'must be PagerDuty ids like PSCHED1' })
  escalationPolicyIDs?: string[];

  @ApiPropertyOptional({
    example: '4h',
    description: 'longest grant an automatic approval makes (also cut to INFRA_REQUEST_MAX_DURATION)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  maxDuration?: string;
}

export class PagerDutyResponse {
  @ApiProperty() configured: boolean;
  @ApiProperty({ type: [String] }) scheduleIDs: string[];
  @ApiProperty({ type: [String] }) escalationPolicyIDs: string[];
  @ApiProperty({ description: 'seconds' }) maxDurationSeconds: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updated: string | null;
}
