// Original file: infra/admin/v1/admin.proto


export interface CreateGrantRequest {
  'user'?: (string);
  'group'?: (string);
  'privilege'?: (string);
  'resource'?: (string);
  'expiresAt'?: (string);
  '_user'?: "user";
  '_group'?: "group";
  '_expiresAt'?: "expiresAt";
}

export interface CreateGrantRequest__Output {
  'user'?: (string);
  'group'?: (string);
  'privilege': (string);
  'resource': (string);
  'expiresAt'?: (string);
  '_user'?: "user";
  '_group'?: "group";
  '_expiresAt'?: "expiresAt";
}
