// The server's one gRPC listener, beside the HTTP one. Modules add their services in onModuleInit
// (the connector stream, later the admin API); server.ts starts listening once the app is initialised.
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import * as grpc from '@grpc/grpc-js';
import { SERVER_CONFIG, type ServerConfig } from '../config/config.js';

@Injectable()
export class GrpcServer implements OnModuleDestroy {
  private readonly server = new grpc.Server({
    // Connectors keep one stream open for days; let their keepalive pings through.
    'grpc.keepalive_time_ms': 60_000,
    'grpc.keepalive_timeout_ms': 20_000,
    'grpc.max_receive_message_length': 4 * 1024 * 1024,
  });
  private listening = false;

  constructor(@Inject(SERVER_CONFIG) private readonly config: ServerConfig) {}

  addService<T extends grpc.UntypedServiceImplementation>(definition: grpc.ServiceDefinition, implementation: T): void {
    this.server.addService(definition, implementation);
  }

  /**
   * Binds the configured port (0 picks a free one) on the HTTP host; returns `host:port`, or undefined
   * when INFRA_GRPC_PORT is unset. Insecure: the HTTP side has no TLS of its own either (TLS ends at the
   * ingress in front of both).
   */
  async listen(): Promise<string | undefined> {
    if (this.config.grpcPort === undefined) return undefined;
    const host = this.config.httpHost;
    const port = await new Promise<number>((resolve, reject) => {
      this.server.bindAsync(`${host}:${this.config.grpcPort}`, grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p));
    });
    this.listening = true;
    return `${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  }

  /** Open streams are cancelled; their handlers clean up on 'cancelled'. */
  onModuleDestroy(): void {
    if (this.listening) this.server.forceShutdown();
    this.listening = false;
  }
}
