import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiPage } from '../common/api-page.js';
import { IdParam } from '../common/id-param.js';
import { Access } from '../modules/auth/access.decorator.js';
import { ConnectorsService } from './connectors.service.js';
import {
  ListProxyAuditQuery,
  ProxyAuditEventResponse,
  ReconcileProblemsResponse,
} from './dto/connector-reports.dto.js';

/** What connectors reported about their destination: reconciler problems and the proxy's audit trail. */
@ApiTags('destinations')
@ApiBearerAuth()
@Controller('api/destinations')
export class ConnectorsController {
  constructor(private readonly connectors: ConnectorsService) {}

  @Access('view')
  @Get(':id/problems')
  @ApiOkResponse({ type: ReconcileProblemsResponse })
  problems(@Param('id', IdParam) id: string) {
    return this.connectors.listProblems(id);
  }

  @Access('admin')
  @Get(':id/audit')
  @ApiPage(ProxyAuditEventResponse)
  audit(@Param('id', IdParam) id: string, @Query() query: ListProxyAuditQuery) {
    return this.connectors.listAudit(id, query);
  }
}
