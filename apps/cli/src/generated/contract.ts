// Compile-time check that what the server answers (generated from its OpenAPI document) still fits the shapes the
// CLI reads (../types.ts): a field the CLI needs that the server renamed, dropped or retyped fails `tsc -b` here.
// Nothing to run; this file compiles to nothing.
import type { components } from './api.js';
import type * as Cli from '../types.js';

type Served = components['schemas'];
/** Compiles only when `Answer` can be used where the CLI expects `Read`. */
type Fits<Read, Answer extends Read> = [Read, Answer];

export type ContractChecks = [
  Fits<Cli.User, Served['UserResponse']>,
  Fits<Cli.Group, Served['GroupResponse']>,
  Fits<Cli.AccessKey, Served['KeyResponse']>,
  Fits<Cli.Destination, Served['DestinationResponse']>,
  Fits<Cli.Grant, Served['GrantResponse']>,
  Fits<Cli.LoginResponse, Served['LoginResponse']>,
  Fits<Cli.Provider, Served['ProviderResponse']>,
];
