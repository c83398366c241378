import { Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';
import { OpenApiController, OpenApiDocument } from './openapi.controller.js';
import { VersionController } from './version.controller.js';

@Module({
  controllers: [HealthController, VersionController, OpenApiController],
  providers: [OpenApiDocument],
})
export class HealthModule {}
