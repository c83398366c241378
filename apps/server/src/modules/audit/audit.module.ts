import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { AuditPruner } from './audit-pruner.js';
import { AuditService } from './audit.service.js';
import { TimelineService } from './timeline.service.js';

/** Global: every module that changes state records audit rows. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditPruner, TimelineService],
  exports: [AuditService],
})
export class AuditModule {}
