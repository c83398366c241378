// A small client for the gRPC admin API in specs (here and in other packages).
import {
  credentials,
  Metadata,
  type Client,
  type GrpcObject,
  type ServiceClientConstructor,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadAdminPackage } from '../grpc/admin-grpc.server.js';

export type Reply = Record<string, any>;

/**
 * Calls `Service.Method` with an optional bearer key; resolves the reply or rejects the ServiceError. With `caPem`,
 * dials TLS trusting that CA.
 */
export function adminGrpcClient(address: string, opts: { caPem?: string } = {}) {
  const pkg = loadAdminPackage().v1 as GrpcObject;
  const clients = new Map<string, Client>();
  const call = (service: string, method: string, request: object, key?: string): Promise<Reply> => {
    let client = clients.get(service);
    if (!client) {
      const Ctor = pkg[service] as ServiceClientConstructor;
      client = new Ctor(
        address,
        opts.caPem ? credentials.createSsl(Buffer.from(opts.caPem)) : credentials.createInsecure(),
      );
      clients.set(service, client);
    }
    const metadata = new Metadata();
    if (key) metadata.set('authorization', `Bearer ${key}`);
    return new Promise((resolve, reject) => {
      (client as unknown as Record<string, Function>)[method]!(
        request,
        metadata,
        (err: ServiceError | null, reply: Reply) => (err ? reject(err) : resolve(reply)),
      );
    });
  };
  return { call, close: () => clients.forEach((c) => c.close()) };
}
