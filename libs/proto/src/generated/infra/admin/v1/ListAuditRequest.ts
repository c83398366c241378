// Original file: infra/admin/v1/admin.proto


export interface ListAuditRequest {
  'action'?: (string);
  'actorId'?: (string);
  'targetId'?: (string);
  'requestId'?: (string);
  'limit'?: (number);
  'cursor'?: (string);
  '_action'?: "action";
  '_actorId'?: "actorId";
  '_targetId'?: "targetId";
  '_requestId'?: "requestId";
  '_limit'?: "limit";
  '_cursor'?: "cursor";
}

export interface ListAuditRequest__Output {
  'action'?: (string);
  'actorId'?: (string);
  'targetId'?: (string);
  'requestId'?: (string);
  'limit'?: (number);
  'cursor'?: (string);
  '_action'?: "action";
  '_actorId'?: "actorId";
  '_targetId'?: "targetId";
  '_requestId'?: "requestId";
  '_limit'?: "limit";
  '_cursor'?: "cursor";
}
