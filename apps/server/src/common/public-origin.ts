// The origin people reach this server at: INFRA_PUBLIC_URL when set, else the address the request came to (the
// browser or CLI that reached us can reach it again). Links handed out (device approval page, provider callbacks)
// start with it.
import type { Request } from 'express';

export function publicOrigin(req: Request, publicUrl: string | undefined): string {
  return publicUrl ?? `${req.protocol}://${req.get('host')}`;
}
