// Loads the .proto files under proto/ with the same options the generated types assume
// (camelCase fields, longs as numbers, enums as strings, defaults and oneof names filled in).
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType as ConnectorProto } from './generated/connector.js';

/** Set by the connector's bundle (apps/connector/bundle.mjs), which carries its .proto beside it. */
declare const INFRA_PROTO_DIR: string | undefined;

export const protoDir =
  typeof INFRA_PROTO_DIR === 'string'
    ? fileURLToPath(new URL(INFRA_PROTO_DIR, import.meta.url))
    : join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'proto');

export const loaderOptions: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [protoDir],
};

export function loadProto<T>(relativePath: string): T {
  const def = protoLoader.loadSync(join(protoDir, relativePath), loaderOptions);
  return grpc.loadPackageDefinition(def) as unknown as T;
}

export function loadConnectorProto(): ConnectorProto {
  return loadProto<ConnectorProto>('infra/connector/v1/connector.proto');
}

export type { ProtoGrpcType as ConnectorProto } from './generated/connector.js';
export type * as connector from './generated/infra/connector/v1/index.js';
export type { ProtoGrpcType as AdminProto } from './generated/admin.js';
export type * as admin from './generated/infra/admin/v1/index.js';
export { SnapshotAssembly, OutOfOrderError, SNAPSHOT_LISTS } from './snapshot-assembly.js';
