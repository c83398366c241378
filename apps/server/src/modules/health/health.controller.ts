import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Header, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/access.decorator.js';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../common/errors.js';
import { SERVER_CONFIG, type ServerConfig } from '../../config/config.js';
import { Database } from '../../db/database.js';
import { Metrics } from './metrics.js';

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    private readonly db: Database,
    private readonly metrics: Metrics,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  /** The process is up. */
  @Public()
  @Get('healthz')
  healthz(): { status: string } {
    return { status: 'ok' };
  }

  /** The process can serve: the database answers. Recovers by itself when the database comes back. */
  @Public()
  @Get('readyz')
  async readyz(@Res() res: Response): Promise<void> {
    const ok = await this.db.ping();
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'database unreachable' });
  }

  /** Not for everyone (routes, counts and timings tell an attacker much): only with the operator's bearer token. */
  @Public()
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async metricsText(@Headers('authorization') authorization: string | undefined): Promise<string> {
    // With a metrics port the public REST port keeps no /metrics at all.
    if (this.config.metricsPort !== undefined) throw new NotFoundError('/metrics');
    const expected = this.config.metricsToken;
    if (expected === undefined)
      throw new ForbiddenError(
        'metrics are off: set INFRA_METRICS_TOKEN and scrape with "Authorization: Bearer <token>"',
      );
    if (!metricsTokenMatches(authorization, expected))
      throw new UnauthenticatedError('send the metrics token (INFRA_METRICS_TOKEN) as "Authorization: Bearer <token>"');
    return this.metrics.registry.metrics();
  }
}

/** Whether an Authorization header carries the metrics token (constant time). */
export function metricsTokenMatches(authorization: string | undefined, expected: string): boolean {
  const given = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? '';
  return sameSecret(given, expected);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
