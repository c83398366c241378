import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../../common/actor.js';
import { ApiPage } from '../../common/api-page.js';
import { IdParam } from '../../common/id-param.js';
import { Access } from '../auth/access.decorator.js';
import { AccessRequestResponse, CreateRequestDto, DecideRequestDto, ListRequestsQuery } from './dto/request.dto.js';
import { RequestsService } from './requests.service.js';

// Every signed-in user may ask; who may decide is the service's rule (admins, the destination's approver groups).
@ApiTags('requests')
@ApiBearerAuth()
@Controller('api/requests')
export class RequestsController {
  constructor(private readonly requests: RequestsService) {}

  @Access('user')
  @Post()
  @ApiCreatedResponse({
    type: AccessRequestResponse,
    description: 'made (approved at once when the requester is on call in PagerDuty)',
  })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateRequestDto) {
    return this.requests.create(actor, dto);
  }

  @Access('user')
  @Get()
  @ApiPage(AccessRequestResponse)
  list(@CurrentActor() actor: Actor, @Query() query: ListRequestsQuery) {
    return this.requests.list(actor, query);
  }

  @Access('user')
  @Post(':id/approve')
  @HttpCode(200)
  @ApiOkResponse({
    type: AccessRequestResponse,
    description: 'approved: grantId holds the time-bound grant; 409 when already decided',
  })
  approve(@CurrentActor() actor: Actor, @Param('id', IdParam) id: string, @Body() dto: DecideRequestDto) {
    return this.requests.approve(actor, id, dto);
  }

  @Access('user')
  @Post(':id/deny')
  @HttpCode(200)
  @ApiOkResponse({ type: AccessRequestResponse })
  deny(@CurrentActor() actor: Actor, @Param('id', IdParam) id: string, @Body() dto: DecideRequestDto) {
    return this.requests.deny(actor, id, dto);
  }

  @Access('user')
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: AccessRequestResponse, description: 'only by the requester' })
  cancel(@CurrentActor() actor: Actor, @Param('id', IdParam) id: string, @Body() dto: DecideRequestDto) {
    return this.requests.cancel(actor, id, dto);
  }
}
