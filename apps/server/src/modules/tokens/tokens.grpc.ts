import type { INestApplicationContext } from '@nestjs/common';
import { Throttle } from '../../common/throttle.js';
import { adminService, rpc, throttled, type GrpcServiceImpl } from '../../grpc/rpc.js';
import { CreateTokenDto } from './dto/token.dto.js';
import { SigningKeysService } from './signing-keys.service.js';
import { TokensService } from './tokens.service.js';

export function tokensGrpc(app: INestApplicationContext): GrpcServiceImpl {
  const tokens = app.get(TokensService);
  const signingKeys = app.get(SigningKeysService);
  return adminService('TokensService', {
    CreateToken: throttled(
      app.get(Throttle),
      'credentials',
      rpc('user', CreateTokenDto, (a, d) => tokens.issue(a, d.destination)),
    ),
    // proto's Jwk holds the fields of the EC public keys served; it has no free-form members.
    GetJwks: rpc('public', null, async () => ({
      keys: (await tokens.jwks()).keys.map(({ kid, kty, crv, x, y, alg, use }) => ({ kid, kty, crv, x, y, alg, use })),
    })),
    ListSigningKeys: rpc('view', null, async () => ({ keys: await signingKeys.list() })),
    RotateSigningKey: rpc('admin', null, async (a) => ({ keys: await signingKeys.rotate(a) })),
  });
}
