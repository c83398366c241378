import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module.js';
import { UserRecordsModule } from '../users/user-records.module.js';
import { DeviceController } from './device.controller.js';
import { DeviceRepository } from './device.repository.js';
import { DeviceService } from './device.service.js';

@Module({
  imports: [KeysModule, UserRecordsModule],
  controllers: [DeviceController],
  providers: [DeviceService, DeviceRepository],
})
export class DeviceModule {}
