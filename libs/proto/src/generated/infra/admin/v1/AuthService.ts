// Original file: infra/admin/v1/admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Empty as _infra_admin_v1_Empty, Empty__Output as _infra_admin_v1_Empty__Output } from '../../../infra/admin/v1/Empty.js';
import type { LoginRequest as _infra_admin_v1_LoginRequest, LoginRequest__Output as _infra_admin_v1_LoginRequest__Output } from '../../../infra/admin/v1/LoginRequest.js';
import type { LoginResponse as _infra_admin_v1_LoginResponse, LoginResponse__Output as _infra_admin_v1_LoginResponse__Output } from '../../../infra/admin/v1/LoginResponse.js';

export interface AuthServiceClient extends grpc.Client {
  Login(argument: _infra_admin_v1_LoginRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  Login(argument: _infra_admin_v1_LoginRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  Login(argument: _infra_admin_v1_LoginRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  Login(argument: _infra_admin_v1_LoginRequest, callback: grpc.requestCallback<_infra_admin_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  login(argument: _infra_admin_v1_LoginRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  login(argument: _infra_admin_v1_LoginRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  login(argument: _infra_admin_v1_LoginRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  login(argument: _infra_admin_v1_LoginRequest, callback: grpc.requestCallback<_infra_admin_v1_LoginResponse__Output>): grpc.ClientUnaryCall;
  
  Logout(argument: _infra_admin_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  Logout(argument: _infra_admin_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  Logout(argument: _infra_admin_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  Logout(argument: _infra_admin_v1_Empty, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  logout(argument: _infra_admin_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  logout(argument: _infra_admin_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  logout(argument: _infra_admin_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  logout(argument: _infra_admin_v1_Empty, callback: grpc.requestCallback<_infra_admin_v1_Empty__Output>): grpc.ClientUnaryCall;
  
}

export interface AuthServiceHandlers extends grpc.UntypedServiceImplementation {
  Login: grpc.handleUnaryCall<_infra_admin_v1_LoginRequest__Output, _infra_admin_v1_LoginResponse>;
  
  Logout: grpc.handleUnaryCall<_infra_admin_v1_Empty__Output, _infra_admin_v1_Empty>;
  
}

export interface AuthServiceDefinition extends grpc.ServiceDefinition {
  Login: MethodDefinition<_infra_admin_v1_LoginRequest, _infra_admin_v1_LoginResponse, _infra_admin_v1_LoginRequest__Output, _infra_admin_v1_LoginResponse__Output>
  Logout: MethodDefinition<_infra_admin_v1_Empty, _infra_admin_v1_Empty, _infra_admin_v1_Empty__Output, _infra_admin_v1_Empty__Output>
}
