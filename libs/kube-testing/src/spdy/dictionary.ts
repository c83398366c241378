// The SPDY/3 header dictionary lives in @infra/access, shared with the connector's proxy.
export { SPDY3_DICTIONARY } from '@infra/access';
