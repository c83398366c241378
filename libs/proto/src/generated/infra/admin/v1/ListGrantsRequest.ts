// Original file: infra/admin/v1/admin.proto


export interface ListGrantsRequest {
  'user'?: (string);
  'group'?: (string);
  'resource'?: (string);
  'privilege'?: (string);
  'destination'?: (string);
  'showInherited'?: (boolean);
  'limit'?: (number);
  'cursor'?: (string);
  '_user'?: "user";
  '_group'?: "group";
  '_resource'?: "resource";
  '_privilege'?: "privilege";
  '_destination'?: "destination";
  '_showInherited'?: "showInherited";
  '_limit'?: "limit";
  '_cursor'?: "cursor";
}

export interface ListGrantsRequest__Output {
  'user'?: (string);
  'group'?: (string);
  'resource'?: (string);
  'privilege'?: (string);
  'destination'?: (string);
  'showInherited'?: (boolean);
  'limit'?: (number);
  'cursor'?: (string);
  '_user'?: "user";
  '_group'?: "group";
  '_resource'?: "resource";
  '_privilege'?: "privilege";
  '_destination'?: "destination";
  '_showInherited'?: "showInherited";
  '_limit'?: "limit";
  '_cursor'?: "cursor";
}
