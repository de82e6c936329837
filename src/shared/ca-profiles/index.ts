export * from './identifiers';
export * from './login-usage';
export * from './lookup';
export * from './profiles';
export * from './types';
export { inspectWithCaProfiles } from './inspect-with-profile';
export { CA_ONLINE_SERVICES, caOnlineService } from './ca-services';
export type { CaOnlineService } from './ca-services';
