// The web UI's "Sign in with <provider>": the browser goes to the provider and comes back to the callback here, which
// finishes the same login as `infra login --provider` (ProviderLoginService) and ends in the cookie session. These
// routes answer with redirects, never JSON: a failure goes back to the sign-in page with the API's sentence in the
// short-lived, script-readable infra_sign_in_error cookie (not in the URL, where anyone could write a sentence).
import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiQuery, ApiSeeOtherResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentActor, type Actor } from '../../common/actor.js';
import { AppError, UnauthenticatedError } from '../../common/errors.js';
import { publicOrigin } from '../../common/public-origin.js';
import { Throttled } from '../../common/throttled.js';
import { SERVER_CONFIG, type ServerConfig } from '../../config/config.js';
import { LOGIN_TTL_MS, ProviderLoginService } from '../providers/provider-login.service.js';
import { Public } from './access.decorator.js';
import { AuthService } from './auth.service.js';
import { cookieOf, isSecure, setSessionCookies } from './browser-session.js';

const BASE = '/api/session/providers';
/**
 * The state of the login this browser started. The callback must carry it: a code and state from a login someone
 * else started (their account) cannot sign this browser in (login CSRF).
 */
export const LOGIN_STATE_COOKIE = 'infra_login_state';
export const SIGN_IN_ERROR_COOKIE = 'infra_sign_in_error';

/** The query parameter `name` when it is one string (a repeated parameter is an array: ignored). */
function param(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' ? value : undefined;
}

@ApiTags('auth')
@Controller(BASE)
export class ProviderSignInController {
  constructor(
    private readonly auth: AuthService,
    private readonly logins: ProviderLoginService,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  /** The redirect URI to register at the provider for the web UI. */
  private callbackUrl(req: Request, name: string): string {
    return `${publicOrigin(req, this.config.publicUrl)}${BASE}/${encodeURIComponent(name)}/callback`;
  }

  @Public()
  @Throttled('login')
  @Get(':name')
  @ApiFoundResponse({ description: "to the provider's sign-in page; back at the callback below" })
  async start(@Param('name') name: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.toSignInPageOnError(req, res, async () => {
      const login = await this.logins.start(name, this.callbackUrl(req, name));
      res.cookie(LOGIN_STATE_COOKIE, login.state, {
        path: BASE,
        httpOnly: true,
        sameSite: 'lax', // sent along when the provider sends the browser back (a top-level GET)
        secure: isSecure(req, this.config.publicUrl),
        maxAge: LOGIN_TTL_MS,
      });
      res.redirect(302, login.url);
    });
  }

  @Public()
  @Throttled('login')
  @Get(':name/callback')
  @ApiQuery({ name: 'code', required: false })
  @ApiQuery({ name: 'state', required: false })
  @ApiQuery({ name: 'iss', required: false })
  @ApiQuery({ name: 'error', required: false, description: "the provider's refusal (RFC 6749 §4.1.2.1)" })
  @ApiSeeOtherResponse({ description: 'to the web UI, signed in (infra_session cookie) or with the reason not' })
  async callback(
    @CurrentActor() actor: Actor,
    @Param('name') name: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const secure = isSecure(req, this.config.publicUrl);
    const started = cookieOf(req, LOGIN_STATE_COOKIE);
    res.clearCookie(LOGIN_STATE_COOKIE, { path: BASE, httpOnly: true, sameSite: 'lax', secure });
    await this.toSignInPageOnError(req, res, async () => {
      const [code, state, refusal] = [param(req, 'code'), param(req, 'state'), param(req, 'error')];
      if (refusal) {
        const why = param(req, 'error_description') ?? refusal;
        throw new UnauthenticatedError(`${name} refused the sign-in: ${why.slice(0, 300)}`);
      }
      if (!code || !state)
        throw new UnauthenticatedError(`${name} sent the browser back without a code: sign in again`);
      if (!started || started !== state) {
        throw new UnauthenticatedError(
          'this sign-in was not started in this browser (or took too long): sign in again',
        );
      }
      const login = await this.auth.login(actor, {
        oidc: { provider: name, code, state, redirectURI: this.callbackUrl(req, name), iss: param(req, 'iss') },
      });
      setSessionCookies(res, login.accessKey, { secure, expires: login.expires ? new Date(login.expires) : null });
      res.redirect(303, '/');
    });
  }

  /** Runs a step; an AppError (the API's sentence) goes back to the sign-in page instead of a JSON body. */
  private async toSignInPageOnError(req: Request, res: Response, step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      res.cookie(SIGN_IN_ERROR_COOKIE, e.message, {
        path: '/',
        sameSite: 'lax',
        secure: isSecure(req, this.config.publicUrl),
        maxAge: 60_000,
      });
      res.redirect(303, '/');
    }
  }
}
