import type { INestApplicationContext } from '@nestjs/common';
import { adminService, EMPTY, rpc, rpcWithId, type GrpcServiceImpl } from '../../grpc/rpc.js';
import { DestinationsService } from './destinations.service.js';
import { CreateDestinationDto, ListDestinationsQuery } from './dto/destination.dto.js';

export function destinationsGrpc(app: INestApplicationContext): GrpcServiceImpl {
  const destinations = app.get(DestinationsService);
  return adminService('DestinationsService', {
    ListDestinations: rpc('user', ListDestinationsQuery, (a, q) => destinations.list(a, q)),
    GetDestination: rpcWithId('user', null, (a, id) => destinations.get(a, id)),
    CreateDestination: rpc('admin', CreateDestinationDto, (a, d) => destinations.create(a, d)),
    DeleteDestination: rpcWithId('admin', null, (a, id) => destinations.delete(a, id).then(EMPTY)),
  });
}
