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
  /** grpcPort tells clients (`infra destinations add`) which port connectors dial; absent when gRPC is off. */
  version(): { version: string; grpcPort?: number } {
    return this.config.grpcPort === undefined ? { version: this.config.version } : { version: this.config.version, grpcPort: this.config.grpcPort };
  }
}
