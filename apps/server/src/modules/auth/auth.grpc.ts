import type { INestApplicationContext } from '@nestjs/common';
import { beforePasswordChange, EMPTY, rpc, type GrpcServiceImpl } from '../../grpc/rpc.js';
import { AuthService } from './auth.service.js';
import { LoginDto } from './dto/login.dto.js';

export function authGrpc(app: INestApplicationContext): GrpcServiceImpl {
  const auth = app.get(AuthService);
  return {
    service: 'AuthService',
    methods: {
      Login: rpc('public', LoginDto, (a, d) => auth.login(a, d)),
      Logout: beforePasswordChange(rpc('user', null, (a) => auth.logout(a).then(EMPTY))),
    },
  };
}
