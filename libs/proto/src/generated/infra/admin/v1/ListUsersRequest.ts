// Original file: infra/admin/v1/admin.proto


export interface ListUsersRequest {
  'name'?: (string);
  'limit'?: (number);
  'cursor'?: (string);
  '_name'?: "name";
  '_limit'?: "limit";
  '_cursor'?: "cursor";
}

export interface ListUsersRequest__Output {
  'name'?: (string);
  'limit'?: (number);
  'cursor'?: (string);
  '_name'?: "name";
  '_limit'?: "limit";
  '_cursor'?: "cursor";
}
