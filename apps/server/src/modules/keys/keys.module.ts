import { Module } from '@nestjs/common';
import { ChangesModule } from '../changes/changes.module.js';
import { UserRecordsModule } from '../users/user-records.module.js';
import { KeysController } from './keys.controller.js';
import { KeysRepository } from './keys.repository.js';
import { KeysService } from './keys.service.js';

@Module({
  imports: [UserRecordsModule, ChangesModule],
  controllers: [KeysController],
  providers: [KeysService, KeysRepository],
  exports: [KeysService, KeysRepository],
})
export class KeysModule {}
