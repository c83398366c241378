import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { TimeRangeQuery } from '../../common/time-range.js';
import type { ProxyAuditEntity } from '../proxy-audit.entity.js';

export class ReconcileProblemResponse {
  @ApiProperty({ format: 'uuid', description: 'the grant the connector could not render' }) grantID: string;
  @ApiProperty({ example: 'ClusterRole "viewer" does not exist in the cluster' }) message: string;
}

export class ReconcileProblemsResponse {
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null until the connector reports' })
  reportedAt: string | null;
  @ApiProperty({ type: [ReconcileProblemResponse] }) problems: ReconcileProblemResponse[];
}

export class ProxyAuditEventResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ description: "the connector's request id (Impersonate-Extra)" }) requestID: string;
  @ApiProperty({ example: 'alice@example.com' }) user: string;
  @ApiProperty({ example: 'get' }) verb: string;
  @ApiProperty({ example: '/api/v1/namespaces/web/pods' }) path: string;
  @ApiProperty({ example: 200 }) status: number;
  @ApiProperty() durationMs: number;
  @ApiProperty({ example: 'kubectl get pods' }) kubectlCommand: string;
  @ApiProperty() clientIP: string;
}

export function toProxyAuditEventResponse(e: ProxyAuditEntity): ProxyAuditEventResponse {
  return {
    id: e.id,
    at: e.at.toISOString(),
    requestID: e.requestId,
    user: e.userName,
    verb: e.verb,
    path: e.path,
    status: e.status,
    durationMs: e.durationMs,
    kubectlCommand: e.kubectlCommand,
    clientIP: e.clientIp,
  };
}

export class ListProxyAuditQuery extends TimeRangeQuery {
  @ApiPropertyOptional({ description: 'the user the request was made as' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  user?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(128) requestID?: string;
}
