import type { INestApplicationContext } from '@nestjs/common';
import { Throttle } from '../../common/throttle.js';
import { adminService, beforePasswordChange, EMPTY, rpc, throttled, type GrpcServiceImpl } from '../../grpc/rpc.js';
import { AuthService } from './auth.service.js';
import { LoginDto } from './dto/login.dto.js';

export function authGrpc(app: INestApplicationContext): GrpcServiceImpl {
  const auth = app.get(AuthService);
  return adminService('AuthService', {
    Login: throttled(
      app.get(Throttle),
      'login',
      rpc('public', LoginDto, (a, d) => auth.login(a, d)),
    ),
    Logout: beforePasswordChange(rpc('user', null, (a) => auth.logout(a).then(EMPTY))),
  });
}
