import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentActor, type Actor } from '../../common/actor.js';
import { publicOrigin } from '../../common/public-origin.js';
import { Throttled } from '../../common/throttled.js';
import { SERVER_CONFIG, type ServerConfig } from '../../config/config.js';
import { Access, Public } from '../auth/access.decorator.js';
import { LoginResponse } from '../auth/dto/login.dto.js';
import { DeviceService } from './device.service.js';
import { DeviceApprovalResponse, DeviceCodeDto, DeviceLoginResponse, UserCodeDto } from './dto/device.dto.js';

@ApiTags('device')
@Controller('api/device')
export class DeviceController {
  constructor(
    private readonly device: DeviceService,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  /** Starts `infra login --no-browser`: the codes, and where to approve. */
  @Public()
  @Throttled('login')
  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: DeviceLoginResponse })
  start(@Req() req: Request) {
    return this.device.start(publicOrigin(req, this.config.publicUrl));
  }

  /** Polled by the CLI: 400 with `error` (authorization_pending, slow_down, expired_token, access_denied) until approved. */
  @Public()
  @Post('token')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponse })
  token(@CurrentActor() actor: Actor, @Body() dto: DeviceCodeDto) {
    return this.device.token(actor, dto.deviceCode);
  }

  @Access('user')
  @ApiBearerAuth()
  @Throttled('login')
  @Post('approve')
  @HttpCode(200)
  @ApiOkResponse({ type: DeviceApprovalResponse })
  approve(@CurrentActor() actor: Actor, @Body() dto: UserCodeDto) {
    return this.device.approve(actor, dto.userCode);
  }

  @Access('user')
  @ApiBearerAuth()
  @Throttled('login')
  @Post('deny')
  @HttpCode(200)
  @ApiOkResponse({ type: DeviceApprovalResponse })
  deny(@CurrentActor() actor: Actor, @Body() dto: UserCodeDto) {
    return this.device.deny(actor, dto.userCode);
  }
}
