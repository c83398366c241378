import type { INestApplicationContext } from '@nestjs/common';
import { adminService, EMPTY, rpc, rpcWithId, type GrpcServiceImpl } from '../../grpc/rpc.js';
import { CreateGrantDto, DeleteGrantsQuery, ListGrantsQuery } from './dto/grant.dto.js';
import { GrantsService } from './grants.service.js';

export function grantsGrpc(app: INestApplicationContext): GrpcServiceImpl {
  const grants = app.get(GrantsService);
  return adminService('GrantsService', {
    ListGrants: rpc('user', ListGrantsQuery, (a, q) => grants.list(a, q)),
    // extendedFrom is REST-only: admin.proto's Grant has no field for it.
    CreateGrant: rpc('admin', CreateGrantDto, (a, d) => grants.create(a, d).then(({ extendedFrom: _, ...g }) => g)),
    DeleteGrant: rpcWithId('admin', null, (a, id) => grants.deleteById(a, id).then(EMPTY)),
    DeleteGrants: rpc('admin', DeleteGrantsQuery, (a, q) => grants.deleteMatching(a, q).then(EMPTY)),
  });
}
