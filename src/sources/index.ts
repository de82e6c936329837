export * from './canokey';
export * from './demo-source';
export * from './device-source';
export * from './webusb-ccid-source';
