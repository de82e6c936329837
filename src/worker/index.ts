export type * from './device-service-api';
export { installErrorTransfer, UKEY_ERROR_HANDLER } from './error-transfer';
