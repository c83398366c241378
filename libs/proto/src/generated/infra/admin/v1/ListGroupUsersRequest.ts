// Original file: infra/admin/v1/admin.proto


export interface ListGroupUsersRequest {
  'id'?: (string);
  'limit'?: (number);
  'cursor'?: (string);
  '_limit'?: "limit";
  '_cursor'?: "cursor";
}

export interface ListGroupUsersRequest__Output {
  'id': (string);
  'limit'?: (number);
  'cursor'?: (string);
  '_limit'?: "limit";
  '_cursor'?: "cursor";
}
