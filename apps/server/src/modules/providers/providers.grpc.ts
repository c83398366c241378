import type { INestApplicationContext } from '@nestjs/common';
import { EMPTY, rpc, rpcWithId, type GrpcServiceImpl } from '../../grpc/rpc.js';
import { CreateProviderDto, ListProvidersQuery, UpdateProviderDto } from './dto/provider.dto.js';
import { ProvidersService } from './providers.service.js';

export function providersGrpc(app: INestApplicationContext): GrpcServiceImpl {
  const providers = app.get(ProvidersService);
  return {
    service: 'ProvidersService',
    methods: {
      ListProviders: rpc('public', ListProvidersQuery, (_, q) => providers.list(q)),
      GetProvider: rpcWithId('public', null, (_, id) => providers.get(id)),
      CreateProvider: rpc('admin', CreateProviderDto, (a, d) => providers.create(a, d)),
      UpdateProvider: rpcWithId('admin', UpdateProviderDto, (a, id, d) => providers.update(a, id, d)),
      DeleteProvider: rpcWithId('admin', null, (a, id) => providers.delete(a, id).then(EMPTY)),
    },
  };
}
