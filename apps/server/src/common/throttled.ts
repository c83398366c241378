// Marks a REST route as throttled (common/throttle.ts); the interceptor runs after authentication, so
// the per-user count knows the caller. gRPC methods are wrapped with throttledRpc (grpc/rpc.ts).
import { Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { actorOf } from './actor.js';
import { Throttle, type ThrottleScope } from './throttle.js';

const THROTTLED = 'infra:throttled';

export const Throttled = (scope: ThrottleScope) => SetMetadata(THROTTLED, scope);

@Injectable()
export class ThrottleInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly throttle: Throttle,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const scope = this.reflector.get<ThrottleScope | undefined>(THROTTLED, ctx.getHandler());
    if (scope && ctx.getType() === 'http') {
      const req = ctx.switchToHttp().getRequest<Request>();
      const body = req.body as { name?: unknown } | undefined;
      this.throttle.take(scope, actorOf(req), scope === 'login' ? body?.name : undefined);
    }
    return next.handle();
  }
}
