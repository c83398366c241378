import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SERVER_CONFIG, type ServerConfig } from '../../config/config.js';
import { Public } from '../auth/access.decorator.js';

@ApiTags('health')
@Controller('api/version')
export class VersionController {
  constructor(@Inject(SERVER_CONFIG) private readonly config: ServerConfig) {}

  @Public()
  @Get()
  version(): { version: string } {
    return { version: this.config.version };
  }
}
