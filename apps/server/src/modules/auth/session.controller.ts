// The web UI's sign-in: the same login as POST /api/login, but the session key goes into an HttpOnly cookie
// (browser-session.ts) instead of the response body, so no script ever holds it.
import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { callerOf, CurrentActor, type Actor } from '../../common/actor.js';
import { Throttled } from '../../common/throttled.js';
import { SERVER_CONFIG, type ServerConfig } from '../../config/config.js';
import { Access, AllowedBeforePasswordChange, Public } from './access.decorator.js';
import { AuthService } from './auth.service.js';
import { clearSessionCookies, isSecure, setSessionCookies } from './browser-session.js';
import { LoginDto } from './dto/login.dto.js';
import { SessionResponse } from './dto/session.dto.js';

@ApiTags('auth')
@Controller('api/session')
export class SessionController {
  constructor(
    private readonly auth: AuthService,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  @Public()
  @Throttled('login')
  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({
    type: SessionResponse,
    description: 'sets the infra_session (HttpOnly) and infra_csrf cookies',
  })
  async signIn(
    @CurrentActor() actor: Actor,
    @Body() dto: LoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionResponse> {
    const login = await this.auth.login(actor, dto);
    setSessionCookies(res, login.accessKey, {
      secure: isSecure(req, this.config.publicUrl),
      expires: login.expires ? new Date(login.expires) : null,
    });
    return {
      userID: login.userID,
      name: login.name,
      role: await this.auth.roleOf(login.userID),
      passwordUpdateRequired: login.passwordUpdateRequired,
    };
  }

  @Access('user')
  @AllowedBeforePasswordChange()
  @Get()
  @ApiOkResponse({ type: SessionResponse })
  current(@CurrentActor() actor: Actor): SessionResponse {
    const caller = callerOf(actor);
    return {
      userID: caller.userId,
      name: caller.name,
      role: caller.role,
      passwordUpdateRequired: caller.mustChangePassword,
    };
  }

  @Access('user')
  @AllowedBeforePasswordChange()
  @Delete()
  @HttpCode(204)
  async signOut(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    await this.auth.logout(actor);
    clearSessionCookies(res, isSecure(req, this.config.publicUrl));
  }
}
