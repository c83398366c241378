import type { INestApplicationContext } from '@nestjs/common';
import { Throttle } from '../../common/throttle.js';
import { adminService, EMPTY, rpc, rpcWithId, throttled, type GrpcServiceImpl } from '../../grpc/rpc.js';
import { CreateKeyDto, ListKeysQuery } from './dto/key.dto.js';
import { KeysService } from './keys.service.js';

export function keysGrpc(app: INestApplicationContext): GrpcServiceImpl {
  const keys = app.get(KeysService);
  return adminService('KeysService', {
    ListKeys: rpc('user', ListKeysQuery, (a, q) => keys.list(a, q)),
    CreateKey: throttled(
      app.get(Throttle),
      'credentials',
      rpc('user', CreateKeyDto, (a, d) => keys.create(a, d)),
    ),
    DeleteKey: rpcWithId('user', null, (a, id) => keys.delete(a, id).then(EMPTY)),
  });
}
