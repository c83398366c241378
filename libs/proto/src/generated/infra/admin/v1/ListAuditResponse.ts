// Original file: infra/admin/v1/admin.proto

import type { AuditEvent as _infra_admin_v1_AuditEvent, AuditEvent__Output as _infra_admin_v1_AuditEvent__Output } from '../../../infra/admin/v1/AuditEvent.js';

export interface ListAuditResponse {
  'items'?: (_infra_admin_v1_AuditEvent)[];
  'next'?: (string);
  '_next'?: "next";
}

export interface ListAuditResponse__Output {
  'items': (_infra_admin_v1_AuditEvent__Output)[];
  'next'?: (string);
  '_next'?: "next";
}
