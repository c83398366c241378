// Original file: infra/connector/v1/connector.proto

import type { Register as _infra_connector_v1_Register, Register__Output as _infra_connector_v1_Register__Output } from '../../../infra/connector/v1/Register.js';
import type { Heartbeat as _infra_connector_v1_Heartbeat, Heartbeat__Output as _infra_connector_v1_Heartbeat__Output } from '../../../infra/connector/v1/Heartbeat.js';
import type { Ack as _infra_connector_v1_Ack, Ack__Output as _infra_connector_v1_Ack__Output } from '../../../infra/connector/v1/Ack.js';
import type { NamespacesChanged as _infra_connector_v1_NamespacesChanged, NamespacesChanged__Output as _infra_connector_v1_NamespacesChanged__Output } from '../../../infra/connector/v1/NamespacesChanged.js';
import type { AuditBatch as _infra_connector_v1_AuditBatch, AuditBatch__Output as _infra_connector_v1_AuditBatch__Output } from '../../../infra/connector/v1/AuditBatch.js';
import type { ReconcileReport as _infra_connector_v1_ReconcileReport, ReconcileReport__Output as _infra_connector_v1_ReconcileReport__Output } from '../../../infra/connector/v1/ReconcileReport.js';

export interface ConnectorMessage {
  'register'?: (_infra_connector_v1_Register | null);
  'heartbeat'?: (_infra_connector_v1_Heartbeat | null);
  'ack'?: (_infra_connector_v1_Ack | null);
  'namespaces'?: (_infra_connector_v1_NamespacesChanged | null);
  'audit'?: (_infra_connector_v1_AuditBatch | null);
  'report'?: (_infra_connector_v1_ReconcileReport | null);
  'msg'?: "register"|"heartbeat"|"ack"|"namespaces"|"audit"|"report";
}

export interface ConnectorMessage__Output {
  'register'?: (_infra_connector_v1_Register__Output | null);
  'heartbeat'?: (_infra_connector_v1_Heartbeat__Output | null);
  'ack'?: (_infra_connector_v1_Ack__Output | null);
  'namespaces'?: (_infra_connector_v1_NamespacesChanged__Output | null);
  'audit'?: (_infra_connector_v1_AuditBatch__Output | null);
  'report'?: (_infra_connector_v1_ReconcileReport__Output | null);
  'msg'?: "register"|"heartbeat"|"ack"|"namespaces"|"audit"|"report";
}
