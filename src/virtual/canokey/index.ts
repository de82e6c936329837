export * from './canokey-descriptors';
export * from './virtual-canokey';
export * from './virtual-canokey-bus';
export * from './webusb-buffer-state';
