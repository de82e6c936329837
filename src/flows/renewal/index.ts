export * from './errors';
export * from './free-slot';
export * from './journal';
export * from './plan';
export * from './ports';
export * from './state-machine';
export * from './window';
export * from './key-map';
