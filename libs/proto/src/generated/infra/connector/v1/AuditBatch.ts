// Original file: infra/connector/v1/connector.proto

import type { ProxyAuditEvent as _infra_connector_v1_ProxyAuditEvent, ProxyAuditEvent__Output as _infra_connector_v1_ProxyAuditEvent__Output } from '../../../infra/connector/v1/ProxyAuditEvent.js';

export interface AuditBatch {
  'events'?: (_infra_connector_v1_ProxyAuditEvent)[];
}

export interface AuditBatch__Output {
  'events': (_infra_connector_v1_ProxyAuditEvent__Output)[];
}
