import { SetMetadata } from '@nestjs/common';

/**
 * What a route requires of its caller. Routes without a declaration require an authenticated user
 * (deny by default); services add ownership rules on top of 'user' (a plain user sees only their own).
 */
export type Requirement = 'public' | 'user' | 'view' | 'admin';

export const ACCESS_METADATA = 'infra:access';

export const Access = (requirement: Requirement) => SetMetadata(ACCESS_METADATA, requirement);
export const Public = () => Access('public');

export const BEFORE_PASSWORD_CHANGE_METADATA = 'infra:before-password-change';

/** Open to a session that must change its one-time password first (see Caller.mustChangePassword). */
export const AllowedBeforePasswordChange = () => SetMetadata(BEFORE_PASSWORD_CHANGE_METADATA, true);
