export * from './code-refusal';
export * from './errors';
export * from './escrow-machine';
export * from './escrow-record';
export * from './unblock-code-generator';
export * from './escrow-record-reader';
