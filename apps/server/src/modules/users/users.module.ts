import { Module } from '@nestjs/common';
import { ChangesModule } from '../changes/changes.module.js';
import { KeysModule } from '../keys/keys.module.js';
import { UserRecordsModule } from './user-records.module.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [UserRecordsModule, KeysModule, ChangesModule],
  controllers: [UsersController],
  providers: [UsersService],
  exports: [UsersService, UserRecordsModule],
})
export class UsersModule {}
