// Original file: infra/connector/v1/connector.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ConnectorMessage as _infra_connector_v1_ConnectorMessage, ConnectorMessage__Output as _infra_connector_v1_ConnectorMessage__Output } from '../../../infra/connector/v1/ConnectorMessage.js';
import type { ServerMessage as _infra_connector_v1_ServerMessage, ServerMessage__Output as _infra_connector_v1_ServerMessage__Output } from '../../../infra/connector/v1/ServerMessage.js';

export interface ConnectorServiceClient extends grpc.Client {
  Connect(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_infra_connector_v1_ConnectorMessage, _infra_connector_v1_ServerMessage__Output>;
  Connect(options?: grpc.CallOptions): grpc.ClientDuplexStream<_infra_connector_v1_ConnectorMessage, _infra_connector_v1_ServerMessage__Output>;
  connect(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_infra_connector_v1_ConnectorMessage, _infra_connector_v1_ServerMessage__Output>;
  connect(options?: grpc.CallOptions): grpc.ClientDuplexStream<_infra_connector_v1_ConnectorMessage, _infra_connector_v1_ServerMessage__Output>;
  
}

export interface ConnectorServiceHandlers extends grpc.UntypedServiceImplementation {
  Connect: grpc.handleBidiStreamingCall<_infra_connector_v1_ConnectorMessage__Output, _infra_connector_v1_ServerMessage>;
  
}

export interface ConnectorServiceDefinition extends grpc.ServiceDefinition {
  Connect: MethodDefinition<_infra_connector_v1_ConnectorMessage, _infra_connector_v1_ServerMessage, _infra_connector_v1_ConnectorMessage__Output, _infra_connector_v1_ServerMessage__Output>
}
