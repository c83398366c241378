// The server's one gRPC listener, beside the HTTP one. Nest modules add their services to it in
// onModuleInit (the connector stream); server.ts adds the admin API, binds INFRA_GRPC_PORT and shuts it
// down. Insecure: the HTTP side has no TLS of its own either (TLS ends in front of the server).
import { Injectable } from '@nestjs/common';
import * as grpc from '@grpc/grpc-js';

@Injectable()
export class GrpcServer {
  readonly server = new grpc.Server({
    // Connectors keep one stream open for days: ping them so dead peers and idle NATs are noticed.
    'grpc.keepalive_time_ms': 60_000,
    'grpc.keepalive_timeout_ms': 20_000,
  });

  addService(definition: grpc.ServiceDefinition, implementation: grpc.UntypedServiceImplementation): void {
    this.server.addService(definition, implementation);
  }
}
