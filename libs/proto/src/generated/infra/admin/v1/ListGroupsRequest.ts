// Original file: infra/admin/v1/admin.proto


export interface ListGroupsRequest {
  'name'?: (string);
  'userId'?: (string);
  'limit'?: (number);
  'cursor'?: (string);
  '_name'?: "name";
  '_userId'?: "userId";
  '_limit'?: "limit";
  '_cursor'?: "cursor";
}

export interface ListGroupsRequest__Output {
  'name'?: (string);
  'userId'?: (string);
  'limit'?: (number);
  'cursor'?: (string);
  '_name'?: "name";
  '_userId'?: "userId";
  '_limit'?: "limit";
  '_cursor'?: "cursor";
}
