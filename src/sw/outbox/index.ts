export { installOutbox, type InstallOutboxOptions, type InstalledOutbox } from './install';
export { deliverDue, attemptDelivery, type DeliveryDeps, type DeliveryReport } from './deliver';
export { openOutboxDb, OUTBOX_DB_NAME, OUTBOX_DB_VERSION, type OutboxDb, type OpenOutboxDbOptions } from './db';
export * from './entry';
export * from './classify';
export * from './state-machine';
export * from './store';
export * from './messages';
export { OutboxConflictError, OutboxInputError } from './errors';
