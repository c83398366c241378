// ConnectorService on the gRPC listener: each Connect call becomes a session (connector-session.ts).
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { loadConnectorProto, type connector } from '@infra/proto';
import { GrpcServer } from '../common/grpc-server.js';
import { ConnectorStreams } from './connector-streams.js';

@Injectable()
export class ConnectorGrpc implements OnModuleInit {
  constructor(
    private readonly grpc: GrpcServer,
    private readonly streams: ConnectorStreams,
  ) {}

  onModuleInit(): void {
    const { ConnectorService } = loadConnectorProto().infra.connector.v1;
    const handlers: connector.ConnectorServiceHandlers = { Connect: (call) => this.streams.connect(call) };
    this.grpc.addService(ConnectorService.service, handlers);
  }
}
