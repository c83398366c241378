// Original file: infra/admin/v1/admin.proto


export interface ListAuditRequest {
  'action'?: (string);
  'actorId'?: (string);
  'targetId'?: (string);
  'requestId'?: (string);
  'limit'?: (number);
  'cursor'?: (string);
  'since'?: (string);
  'until'?: (string);
  'actor'?: (string);
  '_action'?: "action";
  '_actorId'?: "actorId";
  '_targetId'?: "targetId";
  '_requestId'?: "requestId";
  '_limit'?: "limit";
  '_cursor'?: "cursor";
  '_since'?: "since";
  '_until'?: "until";
  '_actor'?: "actor";
}

export interface ListAuditRequest__Output {
  'action'?: (string);
  'actorId'?: (string);
  'targetId'?: (string);
  'requestId'?: (string);
  'limit'?: (number);
  'cursor'?: (string);
  'since'?: (string);
  'until'?: (string);
  'actor'?: (string);
  '_action'?: "action";
  '_actorId'?: "actorId";
  '_targetId'?: "targetId";
  '_requestId'?: "requestId";
  '_limit'?: "limit";
  '_cursor'?: "cursor";
  '_since'?: "since";
  '_until'?: "until";
  '_actor'?: "actor";
}
