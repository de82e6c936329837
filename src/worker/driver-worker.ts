/**
 * Entry of the dedicated driver worker (DESIGN.md §4): exposes the one DeviceService with comlink. WebUSB is
 * available in dedicated workers (Chrome 70+); where it is not, only the demo token works.
 */
import { expose } from 'comlink';
import { CertificateReporter, onlineCrlFetcher } from './certificate-reports';
import { DeviceServiceImpl } from './device-service';
import { loadDemoToken } from './demo-token';
import { installErrorTransfer } from './error-transfer';

installErrorTransfer();

const workerNavigator = self.navigator as Partial<Pick<Navigator, 'usb'>>;
// CRLs are fetched from distribution points only while online and kept in memory for this worker's life.
const reporter = new CertificateReporter({ fetchCrl: onlineCrlFetcher() });
expose(new DeviceServiceImpl({ usb: workerNavigator.usb ?? null, loadDemo: loadDemoToken, reporter }));
