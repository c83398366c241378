import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../../common/actor.js';
import { Access } from '../auth/access.decorator.js';
import { ApproversResponse, PagerDutyResponse, SetApproversDto, SetPagerDutyDto } from './dto/settings.dto.js';
import { RequestSettingsService } from './request-settings.service.js';

@ApiTags('requests')
@ApiBearerAuth()
@Controller('api')
export class RequestSettingsController {
  constructor(private readonly settings: RequestSettingsService) {}

  @Access('view')
  @Get('request-approvers')
  @ApiOkResponse({ type: [ApproversResponse] })
  listApprovers() {
    return this.settings.listApprovers();
  }

  @Access('admin')
  @Put('request-approvers/:destination')
  @ApiOkResponse({ type: ApproversResponse, description: 'the approver groups of the destination, replaced' })
  setApprovers(@CurrentActor() actor: Actor, @Param('destination') destination: string, @Body() dto: SetApproversDto) {
    return this.settings.setApprovers(actor, destination, dto);
  }

  @Access('admin')
  @Get('pagerduty')
  @ApiOkResponse({ type: PagerDutyResponse, description: 'the token is never returned' })
  pagerDuty() {
    return this.settings.pagerDuty();
  }

  @Access('admin')
  @Put('pagerduty')
  @ApiOkResponse({ type: PagerDutyResponse })
  setPagerDuty(@CurrentActor() actor: Actor, @Body() dto: SetPagerDutyDto) {
    return this.settings.setPagerDuty(actor, dto);
  }

  @Access('admin')
  @Delete('pagerduty')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'PagerDuty no longer approves requests' })
  async deletePagerDuty(@CurrentActor() actor: Actor): Promise<void> {
    await this.settings.deletePagerDuty(actor);
  }
}
