export * from './canokey-device';
export * from './canokey-errors';
export * from './canokey-protocol';
export * from './canokey-source';
export * from './canokey-transport';
