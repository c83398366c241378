// Both logs in one time order (GET /api/audit/timeline): admin events and proxied requests, with the same filters
// and one cursor. Each log is read on its own index, the first `limit + 1` rows after the cursor, and the two runs
// are merged here: the first `limit + 1` of the merge are always among them. Order and cursor are (at, log, id), so
// an admin event and a proxied request at the same millisecond have a fixed order ('admin' < 'proxy') and a page
// boundary between them loses and repeats nothing.
import { Injectable } from '@nestjs/common';
import type { SelectQueryBuilder } from 'typeorm';
import { BadRequestError } from '../../common/errors.js';
import type { Page } from '../../common/pagination.js';
import { whereInRange } from '../../common/time-range.js';
import { ProxyAuditEntity } from '../../connectors/proxy-audit.entity.js';
import { Database } from '../../db/database.js';
import { DestinationEntity } from '../destinations/destination.entity.js';
import { AuditEntity } from './audit.entity.js';
import { toAuditEventResponse, toProxiedRequestResponse } from './audit.service.js';
import { PROXY_ACTION, type LogName, type TimelineEntryResponse, type TimelineQuery } from './dto/timeline.dto.js';

interface Cursor {
  at: Date;
  log: LogName;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

@Injectable()
export class TimelineService {
  constructor(private readonly db: Database) {}

  async list(q: TimelineQuery): Promise<Page<TimelineEntryResponse>> {
    const limit = q.limit ?? 100;
    const cursor = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
    const proxyVerb = q.action?.startsWith(PROXY_ACTION) ? q.action.slice(PROXY_ACTION.length) : undefined;
    const wantAdmin = q.log !== 'proxy' && proxyVerb === undefined;
    const wantProxy = q.log !== 'admin' && (q.action === undefined || proxyVerb !== undefined);
    const [admin, proxied] = await Promise.all([
      wantAdmin ? this.adminRun(q, cursor, limit + 1) : [],
      wantProxy ? this.proxyRun(q, proxyVerb, cursor, limit + 1) : [],
    ]);
    const merged = [...admin, ...proxied].sort(byTimelineOrder);
    const items = merged.slice(0, limit);
    const last = items[items.length - 1];
    return merged.length > limit && last ? { items, next: encodeCursor(last) } : { items };
  }

  private async adminRun(q: TimelineQuery, cursor: Cursor | undefined, n: number): Promise<TimelineEntryResponse[]> {
    const qb = whereInRange(this.db.manager.createQueryBuilder(AuditEntity, 'a'), 'at', q);
    if (q.user !== undefined) qb.andWhere('a.actor_name = :user', { user: q.user });
    if (q.action !== undefined) qb.andWhere('a.action = :action', { action: q.action });
    if (q.requestID !== undefined) qb.andWhere('a.request_id = :rid', { rid: q.requestID });
    if (q.destination !== undefined) {
      // About the destination itself, or a grant or access request on it or one of its namespaces.
      qb.andWhere(
        `((a.target_type = 'destination' AND a.target_name = :dest)
          OR a.details->>'resource' = :dest OR starts_with(a.details->>'resource', :destDot))`,
        { dest: q.destination, destDot: `${q.destination}.` },
      );
    }
    const rows = await after(qb, 'admin', cursor).limit(n).getMany();
    return rows.map((e) => {
      const admin = toAuditEventResponse(e);
      return {
        log: 'admin',
        id: e.id,
        at: admin.at,
        user: e.actorName,
        action: e.action,
        requestID: e.requestId,
        admin,
      };
    });
  }

  private async proxyRun(
    q: TimelineQuery,
    verb: string | undefined,
    cursor: Cursor | undefined,
    n: number,
  ): Promise<TimelineEntryResponse[]> {
    const qb = whereInRange(this.db.manager.createQueryBuilder(ProxyAuditEntity, 'p'), 'at', q)
      .leftJoin(DestinationEntity, 'd', 'd.id = p.destination_id')
      .addSelect('d.name', 'destination_name');
    if (q.user !== undefined) qb.andWhere('p.user_name = :user', { user: q.user });
    if (verb !== undefined) qb.andWhere('p.verb = :verb', { verb });
    if (q.requestID !== undefined) qb.andWhere('p.request_id = :rid', { rid: q.requestID });
    if (q.destination !== undefined) qb.andWhere('d.name = :dest', { dest: q.destination });
    const { entities, raw } = await after(qb, 'proxy', cursor).limit(n).getRawAndEntities();
    return entities.map((e, i) => {
      const proxied = toProxiedRequestResponse(e, (raw[i] as { destination_name: string | null }).destination_name);
      return {
        log: 'proxy',
        id: e.id,
        at: proxied.at,
        user: e.userName,
        action: `${PROXY_ACTION}${e.verb}`,
        requestID: e.requestId,
        proxied,
      };
    });
  }
}

/** Orders a run by (at, id) and keeps what comes after the cursor in (at, log, id) order. */
function after<E extends { id: string }>(
  qb: SelectQueryBuilder<E>,
  log: LogName,
  cursor: Cursor | undefined,
): SelectQueryBuilder<E> {
  const a = qb.alias;
  if (cursor) {
    const params = { cursorAt: cursor.at, cursorId: cursor.id };
    // This whole log sorts after (or before) the cursor's at the same instant; only its own log compares ids.
    if (log > cursor.log) qb.andWhere(`${a}.at >= :cursorAt`, params);
    else if (log < cursor.log) qb.andWhere(`${a}.at > :cursorAt`, params);
    else qb.andWhere(`(${a}.at, ${a}.id) > (:cursorAt, :cursorId)`, params);
  }
  return qb.orderBy(`${a}.at`, 'ASC').addOrderBy(`${a}.id`, 'ASC');
}

/** (at, log, id): ids are lower-case UUID text, whose string order is Postgres's uuid order. */
function byTimelineOrder(x: TimelineEntryResponse, y: TimelineEntryResponse): number {
  return Date.parse(x.at) - Date.parse(y.at) || compare(x.log, y.log) || compare(x.id, y.id);
}

function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

function encodeCursor(e: TimelineEntryResponse): string {
  return Buffer.from(JSON.stringify([e.at, e.log, e.id])).toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  try {
    const [at, log, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const time = new Date(String(at));
    if ((log !== 'admin' && log !== 'proxy') || typeof id !== 'string' || !UUID.test(id) || isNaN(time.getTime()))
      throw new Error('bad cursor');
    return { at: time, log, id };
  } catch {
    throw BadRequestError.field('cursor', 'is not a cursor this server issued');
  }
}
