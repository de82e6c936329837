/**
 * `npm run portal -- --demo` (issue 14 §3, review L5): the portal trusts the demo CA of src/virtual/demo-ca,
 * whose private key is public, so anyone can mint a certificate it accepts as a login. The start banner and the
 * refusal in production (the shared rule there) say what that means for a portal.
 */
import { demoBanner, refuseDemoInProduction } from '../../virtual/demo-ca';

export function refusePortalDemoInProduction(nodeEnv: string | undefined): void {
  refuseDemoInProduction(
    nodeEnv,
    '演示模式 (--demo) 信任公开的演示 CA 密钥，生产环境 (NODE_ENV=production) 拒绝启动。 ' +
      '--demo trusts a public demo CA key and is refused with NODE_ENV=production.',
  );
}

export function portalDemoBanner(): string {
  return demoBanner([
    '演示模式：本门户信任仓库中公开的演示 CA 密钥，任何人都能用它签发证书并以任意身份登录。',
    'DEMO MODE: this portal trusts the public demo CA key from the repository; anyone can mint a',
    'certificate with it and sign in as anyone. Only for the demo token, never for real users.',
  ]);
}
