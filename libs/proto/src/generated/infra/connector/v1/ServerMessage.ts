// Original file: infra/connector/v1/connector.proto

import type { Registered as _infra_connector_v1_Registered, Registered__Output as _infra_connector_v1_Registered__Output } from '../../../infra/connector/v1/Registered.js';
import type { Snapshot as _infra_connector_v1_Snapshot, Snapshot__Output as _infra_connector_v1_Snapshot__Output } from '../../../infra/connector/v1/Snapshot.js';
import type { Change as _infra_connector_v1_Change, Change__Output as _infra_connector_v1_Change__Output } from '../../../infra/connector/v1/Change.js';
import type { Heartbeat as _infra_connector_v1_Heartbeat, Heartbeat__Output as _infra_connector_v1_Heartbeat__Output } from '../../../infra/connector/v1/Heartbeat.js';

export interface ServerMessage {
  'registered'?: (_infra_connector_v1_Registered | null);
  'snapshot'?: (_infra_connector_v1_Snapshot | null);
  'change'?: (_infra_connector_v1_Change | null);
  'heartbeat'?: (_infra_connector_v1_Heartbeat | null);
  'msg'?: "registered"|"snapshot"|"change"|"heartbeat";
}

export interface ServerMessage__Output {
  'registered'?: (_infra_connector_v1_Registered__Output | null);
  'snapshot'?: (_infra_connector_v1_Snapshot__Output | null);
  'change'?: (_infra_connector_v1_Change__Output | null);
  'heartbeat'?: (_infra_connector_v1_Heartbeat__Output | null);
  'msg'?: "registered"|"snapshot"|"change"|"heartbeat";
}
