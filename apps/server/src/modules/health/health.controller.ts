import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/access.decorator.js';
import { Database } from '../../db/database.js';
import { Metrics } from './metrics.js';

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    private readonly db: Database,
    private readonly metrics: Metrics,
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

  @Public()
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
