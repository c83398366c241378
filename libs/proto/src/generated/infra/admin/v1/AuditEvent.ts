// Original file: infra/admin/v1/admin.proto


export interface AuditEvent {
  'id'?: (string);
  'at'?: (string);
  'actorId'?: (string);
  'actorName'?: (string);
  'action'?: (string);
  'targetType'?: (string);
  'targetId'?: (string);
  'targetName'?: (string);
  'clientIp'?: (string);
  'requestId'?: (string);
  'detailsJson'?: (string);
  '_actorId'?: "actorId";
  '_actorName'?: "actorName";
  '_targetId'?: "targetId";
  '_targetName'?: "targetName";
  '_clientIp'?: "clientIp";
  '_requestId'?: "requestId";
}

export interface AuditEvent__Output {
  'id': (string);
  'at': (string);
  'actorId'?: (string);
  'actorName'?: (string);
  'action': (string);
  'targetType': (string);
  'targetId'?: (string);
  'targetName'?: (string);
  'clientIp'?: (string);
  'requestId'?: (string);
  'detailsJson': (string);
  '_actorId'?: "actorId";
  '_actorName'?: "actorName";
  '_targetId'?: "targetId";
  '_targetName'?: "targetName";
  '_clientIp'?: "clientIp";
  '_requestId'?: "requestId";
}
