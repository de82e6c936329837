export * from './errors';
export * from './open-session';
export type * from './token-session';
