import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import { ApiPage } from '../../common/api-page.js';
import { AuditService } from './audit.service.js';
import { AuditEventResponse } from './dto/audit-event.response.js';
import { ListAuditQuery } from './dto/list-audit.query.js';
import { RequestIdParams, RequestTrailResponse } from './dto/request-trail.response.js';
import { TimelineEntryResponse, TimelineQuery } from './dto/timeline.dto.js';
import { TimelineService } from './timeline.service.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly timeline: TimelineService,
  ) {}

  @Access('admin')
  @Get()
  @ApiPage(AuditEventResponse)
  list(@Query() query: ListAuditQuery) {
    return this.audit.list(query);
  }

  /** Both logs, admin events and proxied requests, in one time order with the same filters and one cursor. */
  @Access('admin')
  @Get('timeline')
  @ApiPage(TimelineEntryResponse)
  listTimeline(@Query() query: TimelineQuery) {
    return this.timeline.list(query);
  }

  /** One request id in both logs: the admin events and the proxied kubectl calls (GET /api/audit?requestID=… has only the first). */
  @Access('admin')
  @Get('requests/:requestID')
  @ApiOkResponse({ type: RequestTrailResponse })
  trail(@Param() params: RequestIdParams) {
    return this.audit.trail(params.requestID);
  }
}
