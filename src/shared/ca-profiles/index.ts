export * from './identifiers';
export * from './login-usage';
export * from './lookup';
export * from './profiles';
export * from './types';
