// Original file: infra/admin/v1/admin.proto


export interface DeleteGrantsRequest {
  'user'?: (string);
  'group'?: (string);
  'privilege'?: (string);
  'resource'?: (string);
  '_user'?: "user";
  '_group'?: "group";
}

export interface DeleteGrantsRequest__Output {
  'user'?: (string);
  'group'?: (string);
  'privilege': (string);
  'resource': (string);
  '_user'?: "user";
  '_group'?: "group";
}
