// Short-lived tokens that kubectl presents to connectors. The server signs them (ES256) and
// publishes the public keys; connectors verify offline with the keys pushed over the stream.
import { importJWK, jwtVerify, decodeProtectedHeader, type JWK, type JWTPayload } from 'jose';

export const TOKEN_ISSUER = 'infra';
export const TOKEN_ALG = 'ES256';

export interface TokenClaims {
  sub: string; // user id
  name: string; // user name (e-mail for people): what Impersonate-User carries
  aud: string; // the destination name the token is for
  sid: string; // id of the credential (access key or session) the token was issued from
  iat: number;
  exp: number;
  jti: string;
}

export interface PublicSigningKey {
  kid: string;
  jwk: JWK;
}

export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

/** Verifies signature, issuer, audience and expiry; throws TokenError with a reason fit for a 401. */
export async function verifyToken(
  token: string,
  keys: ReadonlyMap<string, PublicSigningKey>,
  opts: { audience: string; now?: Date },
): Promise<TokenClaims> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw new TokenError('malformed token');
  }
  const key = kid ? keys.get(kid) : undefined;
  if (!key) throw new TokenError('token signed by an unknown key');
  let payload: JWTPayload;
  try {
    const pub = await importJWK(key.jwk, TOKEN_ALG);
    ({ payload } = await jwtVerify(token, pub, {
      issuer: TOKEN_ISSUER,
      audience: opts.audience,
      algorithms: [TOKEN_ALG],
      currentDate: opts.now,
    }));
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_JWT_EXPIRED') throw new TokenError('token expired');
    if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') throw new TokenError(`token rejected: ${(e as Error).message}`);
    throw new TokenError('token signature is not valid');
  }
  const { sub, name, aud, sid, iat, exp, jti } = payload as Partial<TokenClaims>;
  if (typeof sub !== 'string' || typeof name !== 'string' || typeof sid !== 'string' || typeof exp !== 'number') {
    throw new TokenError('token is missing claims');
  }
  return { sub, name, aud: String(aud), sid, iat: iat ?? 0, exp, jti: jti ?? '' };
}
