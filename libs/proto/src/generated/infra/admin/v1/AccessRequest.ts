// Original file: infra/admin/v1/admin.proto


export interface AccessRequest {
  'id'?: (string);
  'requester'?: (string);
  'requesterName'?: (string);
  'resource'?: (string);
  'role'?: (string);
  'durationSeconds'?: (number);
  'reason'?: (string);
  'state'?: (string);
  'created'?: (string);
  'pendingUntil'?: (string);
  'decidedBy'?: (string);
  'decidedAt'?: (string);
  'decisionReason'?: (string);
  'grantId'?: (string);
  'grantedUntil'?: (string);
  'note'?: (string);
  '_decidedBy'?: "decidedBy";
  '_decidedAt'?: "decidedAt";
  '_decisionReason'?: "decisionReason";
  '_grantId'?: "grantId";
  '_grantedUntil'?: "grantedUntil";
  '_note'?: "note";
}

export interface AccessRequest__Output {
  'id': (string);
  'requester': (string);
  'requesterName': (string);
  'resource': (string);
  'role': (string);
  'durationSeconds': (number);
  'reason': (string);
  'state': (string);
  'created': (string);
  'pendingUntil': (string);
  'decidedBy'?: (string);
  'decidedAt'?: (string);
  'decisionReason'?: (string);
  'grantId'?: (string);
  'grantedUntil'?: (string);
  'note'?: (string);
  '_decidedBy'?: "decidedBy";
  '_decidedAt'?: "decidedAt";
  '_decisionReason'?: "decisionReason";
  '_grantId'?: "grantId";
  '_grantedUntil'?: "grantedUntil";
  '_note'?: "note";
}
