// The profile registers its own errors (and the window rebuilds them by name) by being imported.
export * from './errors';
export { PKCS15_PROFILE } from './profile';
export { PKCS15_REDACTION_POLICY } from './redaction-policy';
export { Pkcs15TokenSession, PKCS15_PROFILE_ID } from './session';
export { roleOfUsage } from './roles';
