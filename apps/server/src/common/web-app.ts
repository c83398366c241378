// Serves the web UI (apps/web, built by Vite) at / on the API's origin: hashed assets cached for a year, index.html
// revalidated every time, and any other path that a browser navigates to answered with index.html, so that the app's
// own routes (/users, /grants…) survive a reload. Server paths (/api, health, metrics) never fall through to the UI.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

const SERVER_PATHS = /^\/(api|healthz|readyz|metrics)(\/|$)/;

// Scripts and styles only from this origin (Mantine sets inline style attributes, hence 'unsafe-inline' for styles
// alone); no framing, no plugins, no form posts elsewhere.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Where the built UI is (the @infra/web package), or undefined when it has not been built. */
export function defaultWebRoot(): string | undefined {
  try {
    const index = fileURLToPath(import.meta.resolve('@infra/web/app/index.html'));
    return existsSync(index) ? dirname(index) : undefined;
  } catch {
    return undefined;
  }
}

function securityHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
}

export function webAppMiddleware(root: string): RequestHandler[] {
  const index = join(root, 'index.html');
  const files = express.static(root, {
    index: false,
    redirect: false,
    setHeaders(res, path) {
      securityHeaders(res);
      // Vite names every asset by its content hash: a changed file is a new URL.
      res.setHeader(
        'Cache-Control',
        path.startsWith(join(root, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const unlessServerPath = (req: Request, res: Response, next: NextFunction) =>
    SERVER_PATHS.test(req.path) ? next() : files(req, res, next);
  const fallback = (req: Request, res: Response, next: NextFunction) => {
    const navigation =
      (req.method === 'GET' || req.method === 'HEAD') &&
      !SERVER_PATHS.test(req.path) &&
      !req.path.startsWith('/assets/') &&
      (req.headers.accept ?? '').includes('text/html');
    if (!navigation) return next();
    securityHeaders(res);
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  };
  return [unlessServerPath, fallback];
}
