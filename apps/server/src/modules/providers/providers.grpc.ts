import type { INestApplicationContext } from '@nestjs/common';
import { adminService, EMPTY, rpc, rpcWithId, type GrpcServiceImpl } from '../../grpc/rpc.js';
import { CreateProviderDto, ListProvidersQuery, UpdateProviderDto, type ProviderResponse } from './dto/provider.dto.js';
import { ProvidersService } from './providers.service.js';

/** Group-sync status is REST-only: admin.proto's Provider has no fields for it. */
const withoutSync = ({ directory: _d, lastSync: _s, lastError: _e, ...provider }: ProviderResponse) => provider;

export function providersGrpc(app: INestApplicationContext): GrpcServiceImpl {
  const providers = app.get(ProvidersService);
  return adminService('ProvidersService', {
    ListProviders: rpc('public', ListProvidersQuery, async (_, q) => {
      const page = await providers.list(q);
      return { ...page, items: page.items.map(withoutSync) };
    }),
    GetProvider: rpcWithId('public', null, (_, id) => providers.get(id).then(withoutSync)),
    CreateProvider: rpc('admin', CreateProviderDto, (a, d) => providers.create(a, d).then(withoutSync)),
    UpdateProvider: rpcWithId('admin', UpdateProviderDto, (a, id, d) => providers.update(a, id, d).then(withoutSync)),
    DeleteProvider: rpcWithId('admin', null, (a, id) => providers.delete(a, id).then(EMPTY)),
  });
}
