import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { ProxyAuditEventResponse } from '../../../connectors/dto/connector-reports.dto.js';
import { AuditEventResponse } from './audit-event.response.js';

/** The most events of each log one trail holds: a proxy id is unique, but an X-Request-Id is the client's to repeat. */
export const TRAIL_MAX = 1000;

export class RequestIdParams {
  @IsString()
  @MaxLength(128)
  @Matches(/^[\x21-\x7e]+$/, { message: 'requestID must be printable ASCII without spaces' })
  requestID: string;
}

export class ProxiedRequestResponse extends ProxyAuditEventResponse {
  @ApiProperty({ format: 'uuid' }) destinationID: string;
  @ApiProperty({ type: String, nullable: true, description: 'null once the destination is deleted' }) destinationName:
    string | null;
}

export class RequestTrailResponse {
  @ApiProperty() requestID: string;
  @ApiProperty({
    type: [AuditEventResponse],
    description: 'admin events made by API calls with this X-Request-Id, oldest first',
  })
  admin: AuditEventResponse[];
  @ApiProperty({
    type: [ProxiedRequestResponse],
    description: 'requests through any connector with this id (Impersonate-Extra-Infra-Request-Id), oldest first',
  })
  proxied: ProxiedRequestResponse[];
  @ApiProperty({ description: `true when either list was cut at its first ${TRAIL_MAX} events` }) truncated: boolean;
}
