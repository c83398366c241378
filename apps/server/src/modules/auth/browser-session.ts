// Browser sessions: the web UI signs in through POST /api/session and then holds its session key in an HttpOnly
// cookie that scripts cannot read. A cookie rides along on requests other sites make, so every change made with it
// must also carry X-CSRF-Token, a value derived from the session key that only a page of this origin can read
// (from the infra_csrf cookie). Requests with an Authorization header never look at cookies.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { ForbiddenError } from '../../common/errors.js';

export const SESSION_COOKIE = 'infra_session';
export const CSRF_COOKIE = 'infra_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The CSRF token of a session: a hash of its key, so that it cannot be planted without knowing the session. */
export function csrfTokenFor(sessionKey: string): string {
  return createHash('sha256').update('infra-csrf\0').update(sessionKey).digest('base64url');
}

/** The value of one cookie of the request (no cookie-parser: this is the only cookie the server reads). */
export function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Refuses a change made with the session cookie unless it carries the session's CSRF token. */
export function checkCsrf(req: Request, sessionKey: string): void {
  if (SAFE_METHODS.has(req.method)) return;
  const sent = req.headers[CSRF_HEADER];
  const expected = Buffer.from(csrfTokenFor(sessionKey));
  if (typeof sent !== 'string' || sent.length !== expected.length || !timingSafeEqual(Buffer.from(sent), expected)) {
    throw new ForbiddenError(`a change made with the browser session needs the ${CSRF_HEADER} header: reload the page`);
  }
}

interface CookieOptions {
  /** Over TLS (or behind a proxy that terminates it), the cookies are Secure. */
  secure: boolean;
  expires: Date | null;
}

export function setSessionCookies(res: Response, sessionKey: string, opts: CookieOptions): void {
  const common = {
    path: '/',
    sameSite: 'lax' as const,
    secure: opts.secure,
    ...(opts.expires ? { expires: opts.expires } : {}),
  };
  res.cookie(SESSION_COOKIE, sessionKey, { ...common, httpOnly: true });
  // Read by the page's script and sent back as the header; worthless without the HttpOnly session cookie.
  res.cookie(CSRF_COOKIE, csrfTokenFor(sessionKey), { ...common, httpOnly: false });
}

export function clearSessionCookies(res: Response, secure: boolean): void {
  for (const [name, httpOnly] of [
    [SESSION_COOKIE, true],
    [CSRF_COOKIE, false],
  ] as const) {
    res.clearCookie(name, { path: '/', sameSite: 'lax', secure, httpOnly });
  }
}

/** Whether the browser reached us over TLS: directly, or through a proxy that said so (trust proxy is set). */
export function isSecure(req: Request, publicUrl: string | undefined): boolean {
  return req.secure || (publicUrl?.startsWith('https:') ?? false);
}
