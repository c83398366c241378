// ConnectorService on the server's gRPC listener (beside the admin API; see server.ts): each Connect call
// becomes a session (connector-session.ts). Thin: the rules live in ConnectorsService.
import { loadConnectorProto, type connector } from '@infra/proto';
import type { GrpcRegistration } from '../grpc/admin-grpc.server.js';
import { ConnectorStreams } from './connector-streams.js';

export const connectorStream: GrpcRegistration = (server, app) => {
  const streams = app.get(ConnectorStreams);
  const handlers: connector.ConnectorServiceHandlers = { Connect: (call) => streams.connect(call) };
  server.addService(loadConnectorProto().infra.connector.v1.ConnectorService.service, handlers);
};
