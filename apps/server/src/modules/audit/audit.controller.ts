import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import { ApiPage } from '../../common/api-page.js';
import { AuditService } from './audit.service.js';
import { AuditEventResponse } from './dto/audit-event.response.js';
import { ListAuditQuery } from './dto/list-audit.query.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Access('admin')
  @Get()
  @ApiPage(AuditEventResponse)
  list(@Query() query: ListAuditQuery) {
    return this.audit.list(query);
  }
}
