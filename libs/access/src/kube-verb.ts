// The Kubernetes verb of a resource request, by the apiserver's requestinfo rules: the connector's audit trail and
// the e2e Kubernetes API test server's authorizer must name requests alike.

/** `named`: the path names one object. A watch=true|1 query makes any GET a watch. */
export function resourceVerb(method: string, named: boolean, query: URLSearchParams): string {
  switch (method.toUpperCase()) {
    case 'GET':
    case 'HEAD': {
      const w = query.get('watch');
      if (w === 'true' || w === '1') return 'watch';
      return named ? 'get' : 'list';
    }
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
