export { startPreviewServer, freePort, ensureBuilt, REPO_ROOT, type PreviewServer, type PreviewOptions } from './preview-server';
export { launchBrowser, CHROMIUM_PATH, CHROMIUM_ARGS, type LaunchOptions, type LaunchedBrowser } from './browser';
export { saveScreenshot, SCREENSHOT_DIR } from './screenshots';
export { waitForServiceWorkerControl } from './service-worker';
export { openDemo, setLanguage, tokenHash, type AppLang } from './app';
export { saveScreen, recordErrorPanels, errorPanelsSeen, DESK, PHONE, SCREENS_DIR, type SizeName } from './screens';
export { dumpOriginStorage, CACHE_MARK } from './storage-dump';
export { startCaProcess, type CaProcess } from './ca-process';
