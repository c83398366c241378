// Structured JSON logs, one line per event, with the request id of the request being served.
// Never pass secrets here: callers log ids and names, not keys or passwords.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { LoggerService } from '@nestjs/common';
import type { LogLevel } from '../config/config.js';

export interface RequestContext {
  requestId: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export class JsonLogger implements LoggerService {
  constructor(
    private readonly level: LogLevel,
    private readonly write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {}

  /** Nest's own start-up chatter arrives here; it is debug detail, not news. */
  log(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  info(message: unknown, fields: Record<string, unknown> = {}): void {
    this.emit('info', message, [], fields);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    const fields = rest.length === 1 && rest[0] && typeof rest[0] === 'object' ? (rest[0] as Record<string, unknown>) : undefined;
    this.emit('debug', message, fields ? [] : rest, fields);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }

  private emit(level: Exclude<LogLevel, 'silent'>, message: unknown, rest: unknown[], fields: Record<string, unknown> = {}) {
    if (RANK[level] < RANK[this.level]) return;
    // Nest passes the context (class name) as the last string argument.
    const context = rest.length && typeof rest[rest.length - 1] === 'string' ? rest[rest.length - 1] : undefined;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level };
    if (context) entry.context = context;
    const requestId = requestContext.getStore()?.requestId;
    if (requestId) entry.requestId = requestId;
    if (message instanceof Error) {
      entry.msg = message.message;
      entry.stack = message.stack;
    } else {
      entry.msg = typeof message === 'string' ? message : JSON.stringify(message);
    }
    const stack = rest.find((r) => typeof r === 'string' && r.includes('\n    at '));
    if (stack) entry.stack = stack;
    this.write(JSON.stringify({ ...entry, ...fields }));
  }
}
