export {
  DEMO_CA_SIGNING_ALGORITHM,
  DEMO_CA_SUBJECT,
  DEMO_CA_SUBJECT_IN_DER_ORDER,
  demoCaCertificateDer,
  demoCaCertificatePem,
  demoCaPrivateKeyPem,
  importDemoCaKeys,
} from './demo-ca';
export { DemoInProductionError, demoBanner, refuseDemoInProduction } from './demo-guard';
