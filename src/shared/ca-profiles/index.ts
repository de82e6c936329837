export * from './identifiers';
export * from './lookup';
export * from './profiles';
export * from './types';
