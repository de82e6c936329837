export * from './canokey';
export * from './demo-source';
export * from './device-source';
export * from './webusb-ccid-source';
export { DEMO_CARD_LOCK, browserDemoCardStore } from './demo-card-store';
export type { DemoCardStore, StoredDemoCard } from './demo-card-store';
