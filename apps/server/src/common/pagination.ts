// Lists are paged by (time, id): `?limit=N&cursor=<opaque>` → `{ items, next? }`. Times are written by the
// server with millisecond precision, so the cursor (ISO time + id) is exact.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { BadRequestError } from './errors.js';

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: 'the `next` value of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  next?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeCursor(cursor: string): [Date, string] {
  try {
    const [time, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const at = new Date(String(time));
    if (typeof id !== 'string' || !UUID.test(id) || Number.isNaN(at.getTime())) throw new Error('bad cursor');
    return [at, id];
  } catch {
    throw BadRequestError.field('cursor', 'is not a cursor this server issued');
  }
}

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

/** Applies ordering, cursor and limit to a query whose alias has `<timeColumn>` and `id`. */
export async function paginate<E extends ObjectLiteral & { id: string }, T>(
  qb: SelectQueryBuilder<E>,
  page: PageQuery,
  map: (entity: E) => T,
  timeColumn: keyof E & string = 'created' as keyof E & string,
): Promise<Page<T>> {
  const alias = qb.alias;
  const limit = page.limit ?? 100;
  if (page.cursor) {
    const [at, id] = decodeCursor(page.cursor);
    qb.andWhere(`(${alias}.${timeColumn}, ${alias}.id) > (:cursorAt, :cursorId)`, { cursorAt: at, cursorId: id });
  }
  const rows = await qb
    .orderBy(`${alias}.${timeColumn}`, 'ASC')
    .addOrderBy(`${alias}.id`, 'ASC')
    .take(limit + 1)
    .getMany();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const result: Page<T> = { items: items.map(map) };
  if (rows.length > limit && last) result.next = encodeCursor(last[timeColumn] as Date, last.id);
  return result;
}

/** A time rounded to the millisecond that Postgres keeps exactly (see the cursor above). */
export function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}
