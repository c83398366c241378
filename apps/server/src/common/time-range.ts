// `?since=&until=` on logs (admin audit, proxy audit): RFC 3339 times, since inclusive and until exclusive, so that
// consecutive ranges (since=a&until=b, since=b&until=c) hold every event exactly once.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { BadRequestError } from './errors.js';
import { PageQuery } from './pagination.js';

export class TimeRangeQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'only events at or after this time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'since must be an RFC 3339 time, like 2026-05-01T17:00:00Z' })
  since?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'only events before this time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'until must be an RFC 3339 time, like 2026-05-01T17:00:00Z' })
  until?: string;
}

/** Adds the range to a query on `<alias>.<column>`; 400 when until is not after since (an empty range is a mistake). */
export function whereInRange<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  column: string,
  range: TimeRangeQuery,
): SelectQueryBuilder<E> {
  const since = range.since === undefined ? undefined : new Date(range.since);
  const until = range.until === undefined ? undefined : new Date(range.until);
  if (since && until && until.getTime() <= since.getTime()) throw BadRequestError.field('until', 'must be after since');
  if (since) qb.andWhere(`${qb.alias}.${column} >= :rangeSince`, { rangeSince: since });
  if (until) qb.andWhere(`${qb.alias}.${column} < :rangeUntil`, { rangeUntil: until });
  return qb;
}
