// One log format for the server and the connector: pino, JSON lines with the same field names in both, so one
// query finds a request or an error in either. Both apps build their loggers here; only the `service` differs.
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/** The levels INFRA_LOG_LEVEL accepts, in both apps. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function isLogLevel(v: string): v is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(v);
}

/**
 * Paths that never reach a log line, whatever a caller passes. Explicit paths rather than `*.password` everywhere:
 * a wildcard costs on every line, and the places secrets travel are few: request headers (pino-http's `req`) and
 * the field names callers use for credentials. Callers still log ids and names, never keys; this is the net below.
 */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'req.headers["x-infra-access-key"]',
  'res.headers["set-cookie"]',
  'accessKey',
  'password',
  'newPassword',
  'clientSecret',
  'token',
  'accessToken',
  'idToken',
  'refreshToken',
  'metricsToken',
  'scimToken',
  'oktaAPIToken',
  'googleServiceAccountKey',
  'authorization',
  'cookie',
  'body.password',
  'body.newPassword',
  'body.oldPassword',
  'body.accessKey',
  'body.clientSecret',
  'body.token',
  'body.oktaAPIToken',
  'body.googleServiceAccountKey',
];

export const REDACTED = '[redacted]';

/** pino options of both apps: level names as words, ISO timestamps, errors under `err`, `service` on every line. */
export function logOptions(service: string, level: LogLevel): LoggerOptions {
  return {
    level,
    base: { service },
    messageKey: 'msg',
    errorKey: 'err',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
  };
}

/** A logger for `service`, writing JSON lines to stdout unless given another destination (tests). */
export function createLogger(service: string, level: LogLevel, destination?: DestinationStream): Logger {
  return destination ? pino(logOptions(service, level), destination) : pino(logOptions(service, level));
}

/** A destination that keeps the lines in memory, parsed: for specs that read what was logged. */
export function memoryDestination(): DestinationStream & { lines: Record<string, unknown>[]; text(): string } {
  const raw: string[] = [];
  const lines: Record<string, unknown>[] = [];
  return {
    lines,
    text: () => raw.join(''),
    write(line: string) {
      raw.push(line);
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  };
}
