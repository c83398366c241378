// Original file: infra/admin/v1/admin.proto


export interface CreateAccessRequest {
  'resource'?: (string);
  'role'?: (string);
  'duration'?: (string);
  'reason'?: (string);
}

export interface CreateAccessRequest__Output {
  'resource': (string);
  'role': (string);
  'duration': (string);
  'reason': (string);
}
