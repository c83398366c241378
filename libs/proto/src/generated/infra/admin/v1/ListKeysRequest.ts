// Original file: infra/admin/v1/admin.proto


export interface ListKeysRequest {
  'userId'?: (string);
  'limit'?: (number);
  'cursor'?: (string);
  '_userId'?: "userId";
  '_limit'?: "limit";
  '_cursor'?: "cursor";
}

export interface ListKeysRequest__Output {
  'userId'?: (string);
  'limit'?: (number);
  'cursor'?: (string);
  '_userId'?: "userId";
  '_limit'?: "limit";
  '_cursor'?: "cursor";
}
