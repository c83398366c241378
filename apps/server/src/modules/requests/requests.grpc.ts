import type { INestApplicationContext } from '@nestjs/common';
import { adminService, rpc, rpcWithId, type GrpcServiceImpl } from '../../grpc/rpc.js';
import { CreateRequestDto, DecideRequestDto, ListRequestsQuery } from './dto/request.dto.js';
import { RequestsService } from './requests.service.js';

export function requestsGrpc(app: INestApplicationContext): GrpcServiceImpl {
  const requests = app.get(RequestsService);
  return adminService('RequestsService', {
    ListRequests: rpc('user', ListRequestsQuery, (a, q) => requests.list(a, q)),
    CreateRequest: rpc('user', CreateRequestDto, (a, d) => requests.create(a, d)),
    ApproveRequest: rpcWithId('user', DecideRequestDto, (a, id, d) => requests.approve(a, id, d)),
    DenyRequest: rpcWithId('user', DecideRequestDto, (a, id, d) => requests.deny(a, id, d)),
    CancelRequest: rpcWithId('user', DecideRequestDto, (a, id, d) => requests.cancel(a, id, d)),
  });
}
