import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Ack as _infra_connector_v1_Ack, Ack__Output as _infra_connector_v1_Ack__Output } from './infra/connector/v1/Ack.js';
import type { AuditBatch as _infra_connector_v1_AuditBatch, AuditBatch__Output as _infra_connector_v1_AuditBatch__Output } from './infra/connector/v1/AuditBatch.js';
import type { Change as _infra_connector_v1_Change, Change__Output as _infra_connector_v1_Change__Output } from './infra/connector/v1/Change.js';
import type { ConnectorMessage as _infra_connector_v1_ConnectorMessage, ConnectorMessage__Output as _infra_connector_v1_ConnectorMessage__Output } from './infra/connector/v1/ConnectorMessage.js';
import type { ConnectorServiceClient as _infra_connector_v1_ConnectorServiceClient, ConnectorServiceDefinition as _infra_connector_v1_ConnectorServiceDefinition } from './infra/connector/v1/ConnectorService.js';
import type { Grant as _infra_connector_v1_Grant, Grant__Output as _infra_connector_v1_Grant__Output } from './infra/connector/v1/Grant.js';
import type { Group as _infra_connector_v1_Group, Group__Output as _infra_connector_v1_Group__Output } from './infra/connector/v1/Group.js';
import type { Heartbeat as _infra_connector_v1_Heartbeat, Heartbeat__Output as _infra_connector_v1_Heartbeat__Output } from './infra/connector/v1/Heartbeat.js';
import type { NamespacesChanged as _infra_connector_v1_NamespacesChanged, NamespacesChanged__Output as _infra_connector_v1_NamespacesChanged__Output } from './infra/connector/v1/NamespacesChanged.js';
import type { ProxyAuditEvent as _infra_connector_v1_ProxyAuditEvent, ProxyAuditEvent__Output as _infra_connector_v1_ProxyAuditEvent__Output } from './infra/connector/v1/ProxyAuditEvent.js';
import type { ReconcileProblem as _infra_connector_v1_ReconcileProblem, ReconcileProblem__Output as _infra_connector_v1_ReconcileProblem__Output } from './infra/connector/v1/ReconcileProblem.js';
import type { ReconcileReport as _infra_connector_v1_ReconcileReport, ReconcileReport__Output as _infra_connector_v1_ReconcileReport__Output } from './infra/connector/v1/ReconcileReport.js';
import type { Register as _infra_connector_v1_Register, Register__Output as _infra_connector_v1_Register__Output } from './infra/connector/v1/Register.js';
import type { Registered as _infra_connector_v1_Registered, Registered__Output as _infra_connector_v1_Registered__Output } from './infra/connector/v1/Registered.js';
import type { Revocation as _infra_connector_v1_Revocation, Revocation__Output as _infra_connector_v1_Revocation__Output } from './infra/connector/v1/Revocation.js';
import type { ServerMessage as _infra_connector_v1_ServerMessage, ServerMessage__Output as _infra_connector_v1_ServerMessage__Output } from './infra/connector/v1/ServerMessage.js';
import type { SigningKey as _infra_connector_v1_SigningKey, SigningKey__Output as _infra_connector_v1_SigningKey__Output } from './infra/connector/v1/SigningKey.js';
import type { Snapshot as _infra_connector_v1_Snapshot, Snapshot__Output as _infra_connector_v1_Snapshot__Output } from './infra/connector/v1/Snapshot.js';
import type { User as _infra_connector_v1_User, User__Output as _infra_connector_v1_User__Output } from './infra/connector/v1/User.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  infra: {
    connector: {
      v1: {
        Ack: MessageTypeDefinition<_infra_connector_v1_Ack, _infra_connector_v1_Ack__Output>
        AuditBatch: MessageTypeDefinition<_infra_connector_v1_AuditBatch, _infra_connector_v1_AuditBatch__Output>
        Change: MessageTypeDefinition<_infra_connector_v1_Change, _infra_connector_v1_Change__Output>
        ConnectorMessage: MessageTypeDefinition<_infra_connector_v1_ConnectorMessage, _infra_connector_v1_ConnectorMessage__Output>
        ConnectorService: SubtypeConstructor<typeof grpc.Client, _infra_connector_v1_ConnectorServiceClient> & { service: _infra_connector_v1_ConnectorServiceDefinition }
        Grant: MessageTypeDefinition<_infra_connector_v1_Grant, _infra_connector_v1_Grant__Output>
        Group: MessageTypeDefinition<_infra_connector_v1_Group, _infra_connector_v1_Group__Output>
        Heartbeat: MessageTypeDefinition<_infra_connector_v1_Heartbeat, _infra_connector_v1_Heartbeat__Output>
        NamespacesChanged: MessageTypeDefinition<_infra_connector_v1_NamespacesChanged, _infra_connector_v1_NamespacesChanged__Output>
        ProxyAuditEvent: MessageTypeDefinition<_infra_connector_v1_ProxyAuditEvent, _infra_connector_v1_ProxyAuditEvent__Output>
        ReconcileProblem: MessageTypeDefinition<_infra_connector_v1_ReconcileProblem, _infra_connector_v1_ReconcileProblem__Output>
        ReconcileReport: MessageTypeDefinition<_infra_connector_v1_ReconcileReport, _infra_connector_v1_ReconcileReport__Output>
        Register: MessageTypeDefinition<_infra_connector_v1_Register, _infra_connector_v1_Register__Output>
        Registered: MessageTypeDefinition<_infra_connector_v1_Registered, _infra_connector_v1_Registered__Output>
        Revocation: MessageTypeDefinition<_infra_connector_v1_Revocation, _infra_connector_v1_Revocation__Output>
        ServerMessage: MessageTypeDefinition<_infra_connector_v1_ServerMessage, _infra_connector_v1_ServerMessage__Output>
        SigningKey: MessageTypeDefinition<_infra_connector_v1_SigningKey, _infra_connector_v1_SigningKey__Output>
        Snapshot: MessageTypeDefinition<_infra_connector_v1_Snapshot, _infra_connector_v1_Snapshot__Output>
        User: MessageTypeDefinition<_infra_connector_v1_User, _infra_connector_v1_User__Output>
      }
    }
  }
}

