// Original file: infra/admin/v1/admin.proto


export interface CreateGroupRequest {
  'name'?: (string);
}

export interface CreateGroupRequest__Output {
  'name': (string);
}
