// Every mutation writes one audit row in the same transaction as the change itself, so the log can
// never claim a change that did not happen or miss one that did.
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { paginate, type Page } from '../../common/pagination.js';
import { whereInRange } from '../../common/time-range.js';
import { toProxyAuditEventResponse } from '../../connectors/dto/connector-reports.dto.js';
import { ProxyAuditEntity } from '../../connectors/proxy-audit.entity.js';
import { Database, type Tx } from '../../db/database.js';
import { DestinationEntity } from '../destinations/destination.entity.js';
import { AuditEntity } from './audit.entity.js';
import type { AuditEventResponse } from './dto/audit-event.response.js';
import type { ListAuditQuery } from './dto/list-audit.query.js';
import { TRAIL_MAX, type ProxiedRequestResponse, type RequestTrailResponse } from './dto/request-trail.response.js';

/** How someone logged in; the audit rows of logins name it (details.method). */
export type LoginMethod = 'password' | 'key' | 'provider';

export interface AuditEvent {
  action: string; // e.g. 'grants.create'
  targetType: string; // e.g. 'grant'
  targetId?: string;
  targetName?: string;
  details?: Record<string, unknown>;
  /** When it happened, if not now: an expiry is logged at its end by a sweep that runs later. */
  at?: Date;
}

@Injectable()
export class AuditService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async record(tx: Tx, actor: Actor, event: AuditEvent): Promise<void> {
    await tx.manager.insert(AuditEntity, {
      id: randomUUID(),
      at: event.at ?? this.clock.now(),
      actorId: actor.caller?.userId ?? null,
      actorName: actor.caller?.name ?? null,
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId ?? null,
      targetName: event.targetName ?? null,
      clientIp: actor.clientIp,
      requestId: actor.requestId,
      details: (event.details ?? {}) as object,
    });
  }

  /** An event that changes nothing (a refused login): its own transaction, as no change can carry it. */
  recordAlone(actor: Actor, event: AuditEvent): Promise<void> {
    return this.db.transaction((tx) => this.record(tx, actor, event));
  }

  /** A successful login, in the transaction that opens the session; `actor` is the person who logged in. */
  recordLogin(
    tx: Tx,
    actor: Actor,
    login: { method: LoginMethod; sessionId: string; provider?: string },
  ): Promise<void> {
    return this.record(tx, actor, {
      action: 'auth.login',
      targetType: 'user',
      targetId: actor.caller?.userId,
      targetName: actor.caller?.name,
      details: {
        method: login.method,
        sessionID: login.sessionId,
        ...(login.provider ? { provider: login.provider } : {}),
      },
    });
  }

  /** A refused login: who or what was tried and why, never the password, key secret or provider code. */
  recordLoginFailure(
    actor: Actor,
    failure: { method: LoginMethod; targetType: string; targetId?: string; targetName?: string; reason: string },
  ): Promise<void> {
    const { method, reason, ...target } = failure;
    return this.recordAlone(actor, { action: 'auth.login_failed', ...target, details: { method, reason } });
  }

  /**
   * Both logs' events for one request id: what an API call with that X-Request-Id changed, and the kubectl calls a
   * connector proxied under that id (it sends the same id to the API server as Impersonate-Extra-Infra-Request-Id).
   */
  async trail(requestId: string): Promise<RequestTrailResponse> {
    const admin = await this.db.manager
      .createQueryBuilder(AuditEntity, 'a')
      .where('a.request_id = :requestId', { requestId })
      .orderBy('a.at')
      .addOrderBy('a.id')
      .limit(TRAIL_MAX + 1)
      .getMany();
    const proxied = await this.db.manager
      .createQueryBuilder(ProxyAuditEntity, 'p')
      .leftJoin(DestinationEntity, 'd', 'd.id = p.destination_id')
      .addSelect('d.name', 'destination_name')
      .where('p.request_id = :requestId', { requestId })
      .orderBy('p.at')
      .addOrderBy('p.id')
      .limit(TRAIL_MAX + 1)
      .getRawAndEntities();
    return {
      requestID: requestId,
      admin: admin.slice(0, TRAIL_MAX).map(toAuditEventResponse),
      proxied: proxied.entities
        .slice(0, TRAIL_MAX)
        .map((e, i) =>
          toProxiedRequestResponse(e, (proxied.raw[i] as { destination_name: string | null }).destination_name),
        ),
      truncated: admin.length > TRAIL_MAX || proxied.entities.length > TRAIL_MAX,
    };
  }

  async list(query: ListAuditQuery): Promise<Page<AuditEventResponse>> {
    const qb = whereInRange(this.db.manager.createQueryBuilder(AuditEntity, 'a'), 'at', query);
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    if (query.actorID) qb.andWhere('a.actor_id = :actor', { actor: query.actorID });
    if (query.actor) qb.andWhere('a.actor_name = :actorName', { actorName: query.actor });
    if (query.targetID) qb.andWhere('a.target_id = :target', { target: query.targetID });
    if (query.requestID) qb.andWhere('a.request_id = :rid', { rid: query.requestID });
    return paginate(qb, query, toAuditEventResponse, 'at');
  }
}

/** A proxied request with its destination's name (null once the destination is deleted). */
export function toProxiedRequestResponse(e: ProxyAuditEntity, destinationName: string | null): ProxiedRequestResponse {
  return { ...toProxyAuditEventResponse(e), destinationID: e.destinationId, destinationName };
}

export function toAuditEventResponse(e: AuditEntity): AuditEventResponse {
  return {
    id: e.id,
    at: e.at.toISOString(),
    actorID: e.actorId,
    actorName: e.actorName,
    action: e.action,
    targetType: e.targetType,
    targetID: e.targetId,
    targetName: e.targetName,
    clientIP: e.clientIp,
    requestID: e.requestId,
    details: e.details,
  };
}
