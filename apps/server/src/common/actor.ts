// Who is calling and from where: built once per request by the auth guard, passed explicitly to services
// (which decide ownership rules) and written into audit rows.
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { requestIdOf } from './request-id.js';

export type Role = 'admin' | 'view' | 'user';

export interface Caller {
  userId: string;
  name: string;
  /** Id of the access key or session the request presented (a token's `sid`). */
  credentialId: string;
  credentialKind: 'key' | 'session' | 'connector';
  role: Role;
  /** A session of a user whose password is one-time: only the password change is open to it. */
  mustChangePassword: boolean;
}

export interface Actor {
  caller: Caller | undefined;
  clientIp: string | null;
  requestId: string;
}

/** The system itself (bootstrap, connector registration): audited with no user. */
export const SYSTEM_ACTOR: Actor = { caller: undefined, clientIp: null, requestId: 'system' };

export function actorOf(req: Request): Actor {
  return {
    caller: (req as Request & { user?: Caller }).user,
    clientIp: req.ip ?? null,
    requestId: requestIdOf(req),
  };
}

/** Injects the Actor of the current request into a controller method. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor =>
  actorOf(ctx.switchToHttp().getRequest<Request>()),
);

/** The authenticated caller; only on routes that require authentication. */
export function callerOf(actor: Actor): Caller {
  if (!actor.caller) throw new Error('route requires authentication but no caller is set');
  return actor.caller;
}

export function isViewer(caller: Caller): boolean {
  return caller.role === 'admin' || caller.role === 'view';
}
