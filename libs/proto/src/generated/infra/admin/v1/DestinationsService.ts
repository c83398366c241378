// Original file: infra/admin/v1/admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateDestinationRequest as _infra_admin_v1_CreateDestinationRequest, CreateDestinationRequest__Output as _infra_admin_v1_CreateDestinationRequest__Output } from '../../../infra/admin/v1/CreateDestinationRequest.js';
import type { CreateDestinationResponse as _infra_admin_v1_CreateDestinationResponse, CreateDestinationResponse__Output as _infra_admin_v1_CreateDestinationResponse__Output } from '../../../infra/admin/v1/CreateDestinationResponse.js';
import type { Destination as _infra_admin_v1_Destination, Destination__Output as _infra_admin_v1_Destination__Output } from '../../../infra/admin/v1/Destination.js';
import type { Empty as _infra_admin_v1_Empty, Empty__Output as _infra_admin_v1_Empty__Output } from '../../../infra/admin/v1/Empty.js';
import type { IdRequest as _infra_admin_v1_IdRequest, IdRequest__Output as _infra_admin_v1_IdRequest__Output } from '../../../infra/admin/v1/IdRequest.js';
import type { ListDestinationsRequest as _infra_admin_v1_ListDestinationsRequest, ListDestinationsRequest__Output as _infra_admin_v1_ListDestinationsRequest__Output } from '../../../infra/admin/v1/ListDestinationsRequest.js';
import type { ListDestinationsResponse as _infra_admin_v1_ListDestinationsResponse, ListDestinationsResponse__Output as _infra_admin_v1_ListDestinationsResponse__Output } from '../../../infra/admin/v1/ListDestinationsResponse.js';

export interface DestinationsServiceClient extends grpc.Client {
  CreateDestination(argument: _infra_admin_v1_CreateDestinationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_CreateDestinationResponse__Output>): grpc.ClientUnaryCall;
  CreateDestination(argument: _infra_admin_v1_CreateDestinationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_CreateDestinationResponse__Output>): grpc.ClientUnaryCall;
  CreateDestination(argument: _infra_admin_v1_CreateDestinationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_CreateDestinationResponse__Output>): grpc.ClientUnaryCall;
  CreateDestination(argument: _infra_admin_v1_CreateDestinationRequest, callback: grpc.requestCallback<_infra_admin_v1_CreateDestinationResponse__Output>): grpc.ClientUnaryCall;
  createDestination(argument: _infra_admin_v1_CreateDestinationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_CreateDestinationResponse__Output>): grpc.ClientUnaryCall;
  createDestination(argument: _infra_admin_v1_CreateDestinationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_CreateDestinationResponse__Output>): grpc.ClientUnaryCall;
  createDestination(argument: _infra_admin_v1_CreateDestinationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_CreateDestinationResponse__Output>): grpc.ClientUnaryCall;
  createDestination(argument: _infra_admin_v1_CreateDestinationRequest, callback: grpc.requestCallback<_infra_admin_v1_CreateDestinationResponse__Output>): grpc.ClientUnaryCall;
  
  DeleteDestination(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteDestination(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteDestination(argument: _infra_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteDestination(argument: _infra_admin_v1_IdRequest, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteDestination(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteDestination(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteDestination(argument: _infra_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteDestination(argument: _infra_admin_v1_IdRequest, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  GetDestination(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Destination__Output>): grpc.ClientUnaryCall;
  GetDestination(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Destination__Output>): grpc.ClientUnaryCall;
  GetDestination(argument: _infra_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Destination__Output>): grpc.ClientUnaryCall;
  GetDestination(argument: _infra_admin_v1_IdRequest, callback: grpc.requestCallback<_infra_admin_v1_Destination__Output>): grpc.ClientUnaryCall;
  getDestination(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Destination__Output>): grpc.ClientUnaryCall;
  getDestination(argument: _infra_admin_v1_IdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Destination__Output>): grpc.ClientUnaryCall;
  getDestination(argument: _infra_admin_v1_IdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Destination__Output>): grpc.ClientUnaryCall;
  getDestination(argument: _infra_admin_v1_IdRequest, callback: grpc.requestCallback<_infra_admin_v1_Destination__Output>): grpc.ClientUnaryCall;
  
  ListDestinations(argument: _infra_admin_v1_ListDestinationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListDestinationsResponse__Output>): grpc.ClientUnaryCall;
  ListDestinations(argument: _infra_admin_v1_ListDestinationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_ListDestinationsResponse__Output>): grpc.ClientUnaryCall;
  ListDestinations(argument: _infra_admin_v1_ListDestinationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListDestinationsResponse__Output>): grpc.ClientUnaryCall;
  ListDestinations(argument: _infra_admin_v1_ListDestinationsRequest, callback: grpc.requestCallback<_infra_admin_v1_ListDestinationsResponse__Output>): grpc.ClientUnaryCall;
  listDestinations(argument: _infra_admin_v1_ListDestinationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListDestinationsResponse__Output>): grpc.ClientUnaryCall;
  listDestinations(argument: _infra_admin_v1_ListDestinationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_ListDestinationsResponse__Output>): grpc.ClientUnaryCall;
  listDestinations(argument: _infra_admin_v1_ListDestinationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_ListDestinationsResponse__Output>): grpc.ClientUnaryCall;
  listDestinations(argument: _infra_admin_v1_ListDestinationsRequest, callback: grpc.requestCallback<_infra_admin_v1_ListDestinationsResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface DestinationsServiceHandlers extends grpc.UntypedServiceImplementation {
  CreateDestination: grpc.handleUnaryCall<_infra_admin_v1_CreateDestinationRequest__Output, _infra_admin_v1_CreateDestinationResponse>;
  
  DeleteDestination: grpc.handleUnaryCall<_infra_admin_v1_IdRequest__Output, _infra_admin_v1_Empty>;
  
  GetDestination: grpc.handleUnaryCall<_infra_admin_v1_IdRequest__Output, _infra_admin_v1_Destination>;
  
  ListDestinations: grpc.handleUnaryCall<_infra_admin_v1_ListDestinationsRequest__Output, _infra_admin_v1_ListDestinationsResponse>;
  
}

export interface DestinationsServiceDefinition extends grpc.ServiceDefinition {
  CreateDestination: MethodDefinition<_infra_admin_v1_CreateDestinationRequest, _infra_admin_v1_CreateDestinationResponse, _infra_admin_v1_CreateDestinationRequest__Output, _infra_admin_v1_CreateDestinationResponse__Output>
  DeleteDestination: MethodDefinition<_infra_admin_v1_IdRequest, _infra_admin_v1_Empty, _infra_admin_v1_IdRequest__Output, _infra_admin_v1_Empty__Output>
  GetDestination: MethodDefinition<_infra_admin_v1_IdRequest, _infra_admin_v1_Destination, _infra_admin_v1_IdRequest__Output, _infra_admin_v1_Destination__Output>
  ListDestinations: MethodDefinition<_infra_admin_v1_ListDestinationsRequest, _infra_admin_v1_ListDestinationsResponse, _infra_admin_v1_ListDestinationsRequest__Output, _infra_admin_v1_ListDestinationsResponse__Output>
}
