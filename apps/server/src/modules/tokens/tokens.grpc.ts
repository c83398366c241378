import type { INestApplicationContext } from '@nestjs/common';
import { Throttle } from '../../common/throttle.js';
import { rpc, throttled, type GrpcServiceImpl } from '../../grpc/rpc.js';
import { CreateTokenDto } from './dto/token.dto.js';
import { SigningKeysService } from './signing-keys.service.js';
import { TokensService } from './tokens.service.js';

export function tokensGrpc(app: INestApplicationContext): GrpcServiceImpl {
  const tokens = app.get(TokensService);
  const signingKeys = app.get(SigningKeysService);
  return {
    service: 'TokensService',
    methods: {
      CreateToken: throttled(
        app.get(Throttle),
        'credentials',
        rpc('user', CreateTokenDto, (a, d) => tokens.issue(a, d.destination)),
      ),
      GetJwks: rpc('public', null, () => tokens.jwks()),
      ListSigningKeys: rpc('view', null, async () => ({ keys: await signingKeys.list() })),
      RotateSigningKey: rpc('admin', null, async (a) => ({ keys: await signingKeys.rotate(a) })),
    },
  };
}
