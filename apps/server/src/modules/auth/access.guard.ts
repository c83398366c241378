// The one authentication and authorisation gate for REST: every route declares what it needs
// (access.decorator.ts); undeclared routes need an authenticated user. The bearer credential is checked
// with passport's bearer strategy on a private Passport instance (several servers may share a process).
// Without an Authorization header, the web UI's session cookie counts, with a CSRF check on changes
// (browser-session.ts).
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { Passport } from 'passport';
import { Strategy as BearerStrategy } from 'passport-http-bearer';
import type { Caller } from '../../common/actor.js';
import { ForbiddenError, UnauthenticatedError } from '../../common/errors.js';
import { SERVER_CONFIG, type ServerConfig } from '../../config/config.js';
import { ACCESS_METADATA, BEFORE_PASSWORD_CHANGE_METADATA, type Requirement } from './access.decorator.js';
import { AuthService, connectorKeyError } from './auth.service.js';
import { checkCsrf, clearSessionCookies, cookieOf, isSecure, SESSION_COOKIE } from './browser-session.js';

const ROLE_RANK = { user: 1, view: 2, admin: 3 } as const;

export function satisfies(caller: Caller, requirement: Exclude<Requirement, 'public'>): boolean {
  return ROLE_RANK[caller.role] >= ROLE_RANK[requirement];
}

export function mustChangePasswordError(caller: Caller): ForbiddenError {
  return new ForbiddenError(`change your one-time password first: PUT /api/users/${caller.userId} { "password" }`);
}

@Injectable()
export class AccessGuard implements CanActivate {
  private readonly passport = new Passport();

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {
    this.passport.use(
      'bearer',
      new BearerStrategy((token, done) => {
        // Errors (including why a key was refused) come back through the callback below.
        auth.authenticate(token).then(
          (caller) => done(null, caller),
          (e: unknown) => done(e),
        );
      }),
    );
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const requirement =
      this.reflector.getAllAndOverride<Requirement>(ACCESS_METADATA, [ctx.getHandler(), ctx.getClass()]) ?? 'user';
    if (requirement === 'public') return true;
    const req = ctx.switchToHttp().getRequest<Request>();
    const caller = await this.authenticate(req, ctx.switchToHttp().getResponse<Response>());
    if (caller.credentialKind === 'connector') throw connectorKeyError();
    (req as Request & { user?: Caller }).user = caller;
    const openBeforeChange = this.reflector.getAllAndOverride<boolean>(BEFORE_PASSWORD_CHANGE_METADATA, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (caller.mustChangePassword && !openBeforeChange) throw mustChangePasswordError(caller);
    if (!satisfies(caller, requirement)) {
      throw new ForbiddenError(requirement === 'user' ? undefined : `this needs the infra ${requirement} role`);
    }
    return true;
  }

  private authenticate(req: Request, res: Response): Promise<Caller> {
    const session = req.headers.authorization === undefined ? cookieOf(req, SESSION_COOKIE) : undefined;
    return session === undefined ? this.authenticateBearer(req, res) : this.authenticateCookie(req, res, session);
  }

  private async authenticateCookie(req: Request, res: Response, session: string): Promise<Caller> {
    let caller: Caller;
    try {
      caller = await this.auth.authenticate(session);
    } catch (e) {
      // An ended or expired session: drop its cookies so that the browser stops sending them.
      if (e instanceof UnauthenticatedError) clearSessionCookies(res, isSecure(req, this.config.publicUrl));
      throw e;
    }
    if (caller.credentialKind !== 'session')
      throw new UnauthenticatedError('the session cookie holds a session only: sign in again');
    checkCsrf(req, session);
    return caller;
  }

  private authenticateBearer(req: Request, res: Response): Promise<Caller> {
    // passport-http-bearer also reads `access_token` from the query and the body: URLs end up in logs, so
    // credentials travel only in the Authorization header (and a repeated parameter must not reach the key check).
    for (const [where, source] of [
      ['URL', req.query],
      ['body', req.body],
    ] as const) {
      if (source && typeof source === 'object' && 'access_token' in source) {
        return Promise.reject(
          new UnauthenticatedError(
            `send the access key as "Authorization: Bearer <key>", not as access_token in the ${where}`,
          ),
        );
      }
    }
    return new Promise((resolve, reject) => {
      this.passport.authenticate('bearer', { session: false }, (err: unknown, caller: Caller | false) => {
        if (err) return reject(err);
        if (caller) return resolve(caller);
        reject(new UnauthenticatedError('an access key is required: Authorization: Bearer <key>'));
      })(req, res, (e: unknown) => reject(e));
    });
  }
}
