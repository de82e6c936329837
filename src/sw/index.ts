export { registerServiceWorker, checkForServiceWorkerUpdate, SERVICE_WORKER_URL } from './register';
export { askServiceWorkerVersion } from './version-client';
export { SW_MESSAGE, isSwVersionReply, type SwMessageType, type SwVersionReply } from './messages';
export { APP_VERSION, BUILD_TIME } from './build-info';
export { announceUpdateWaiting, onUpdateWaiting } from './update-signal';
