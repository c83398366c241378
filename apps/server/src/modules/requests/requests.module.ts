import { Module } from '@nestjs/common';
import { DestinationsModule } from '../destinations/destinations.module.js';
import { GrantsModule } from '../grants/grants.module.js';
import { GroupsModule } from '../groups/groups.module.js';
import { OnCallApprover } from './on-call-approver.js';
import { PagerDutyClient } from './pagerduty.client.js';
import { RequestSettingsController } from './request-settings.controller.js';
import { RequestSettingsService } from './request-settings.service.js';
import { RequestsController } from './requests.controller.js';
import { RequestsRepository } from './requests.repository.js';
import { RequestsService } from './requests.service.js';

/** Access requests and who decides them; owns its repository (the request tables are nobody else's). */
@Module({
  imports: [GrantsModule, GroupsModule, DestinationsModule],
  controllers: [RequestsController, RequestSettingsController],
  providers: [RequestsService, RequestSettingsService, RequestsRepository, OnCallApprover, PagerDutyClient],
  exports: [RequestsService],
})
export class RequestsModule {}
