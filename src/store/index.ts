export { DB_NAME, DB_VERSION, openAppDb, type UKeyDb } from './db';
export * from './app-store';
export * from './records';
export { CorruptRecordError, StorageUnavailableError } from './errors';
export { isCertificateRecord, isCertificateReport, isCrlRecord, isTokenRecord, isTrustedCaRecord } from './validate';
export { addSignIn, deleteSignIns, listSignIns, SIGN_IN_HISTORY_LIMIT } from './sign-ins';
