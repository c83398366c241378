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
  /**
   * Where connectors dial, for `infra destinations add`: publicGrpcUrl when the admin set one, else grpcPort on the
   * host the client reached; neither when gRPC is off.
   */
  version(): { version: string; grpcPort?: number; publicUrl?: string; publicGrpcUrl?: string } {
    const { version, grpcPort, publicUrl, publicGrpcUrl } = this.config;
    if (grpcPort === undefined) return { version, ...(publicUrl && { publicUrl }) };
    return { version, grpcPort, ...(publicUrl && { publicUrl }), ...(publicGrpcUrl && { publicGrpcUrl }) };
  }
}
