/**
 * The worker as the window sees it (issue 17 §4): the API types of its services, the error transfer, the crash
 * errors and the declared service names. Nothing here opens a card or the database; the services themselves stay
 * behind driver-worker.ts and are reached only through comlink.
 */
export type * from './device-service-api';
export { installErrorTransfer, UKEY_ERROR_HANDLER } from './error-transfer';
export type { RecordedCertificate, RecordsApi } from './records-api';
export { DriverCrashedError, DriverTimeoutError } from './driver-errors';
export type { JobApi, JobProgress, JobRequest, JobResult, JobStatus, JobTicket } from './jobs-api';
export { JobLostError } from './jobs-errors';
export { SERVICE_NAMES, isDeclared } from './api-surface';
export type { UnlockStatus } from './unlock-api';
