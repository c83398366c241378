// The Kubernetes verb of a resource request, by the apiserver's requestinfo rules: the connector's audit trail and
// the Kubernetes API test server's authorizer (@infra/kube-testing) must name requests alike.

/**
 * A boolean query parameter (`watch`, `follow`, `stdout`, `tty`, …) as the API server reads it
 * (apimachinery runtime.Convert_Slice_string_To_bool, used by every ParameterCodec decode): absent is false; the
 * first value "0" or "false" in any case is false; any other value, the empty string and "f" included, is true.
 * (This is not Go's strconv.ParseBool: the API server reads `watch=f` and `watch=yes` as true.)
 */
export function queryFlag(query: URLSearchParams, name: string): boolean {
  const v = query.get(name);
  if (v === null) return false;
  return v !== '0' && v.toLowerCase() !== 'false';
}

/** `named`: the path names one object. A `watch` flag that the API server reads as true makes any GET a watch. */
export function resourceVerb(method: string, named: boolean, query: URLSearchParams): string {
  switch (method.toUpperCase()) {
    case 'GET':
    case 'HEAD':
      if (queryFlag(query, 'watch')) return 'watch';
      return named ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}
