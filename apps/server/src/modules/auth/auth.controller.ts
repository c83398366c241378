import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../../common/actor.js';
import { Throttled } from '../../common/throttled.js';
import { Access, AllowedBeforePasswordChange, Public } from './access.decorator.js';
import { AuthService } from './auth.service.js';
import { LoginDto, LoginResponse } from './dto/login.dto.js';

@ApiTags('auth')
@Controller('api')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Throttled('login')
  @Post('login')
  @HttpCode(201)
  @ApiOkResponse({ type: LoginResponse })
  login(@CurrentActor() actor: Actor, @Body() dto: LoginDto) {
    return this.auth.login(actor, dto);
  }

  @Access('user')
  @AllowedBeforePasswordChange()
  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(200)
  async logout(@CurrentActor() actor: Actor): Promise<Record<string, never>> {
    await this.auth.logout(actor);
    return {};
  }
}
