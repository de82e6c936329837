/**
 * `serve --demo` (issue 14 §3): this CA signs with the public demo key of src/virtual/demo-ca, so the start
 * banner and the refusal in production (the shared rule there) say what that means for a CA.
 */
import { demoBanner, refuseDemoInProduction } from '../../virtual/demo-ca';

export function refuseCaDemoInProduction(nodeEnv: string | undefined): void {
  refuseDemoInProduction(
    nodeEnv,
    '--demo trusts a public demo key and is refused with NODE_ENV=production / 演示模式使用公开的演示密钥，生产环境 (NODE_ENV=production) 拒绝启动',
  );
}

export function caDemoBanner(): string {
  return demoBanner([
    'DEMO CA — 演示 CA：本服务使用仓库中公开的演示密钥签发证书和回应，任何人都能冒充它。',
    'DEMO CA: this server signs with a public demo key from the repository; anyone can impersonate it.',
    'Only for the demo token. Never for real tokens or users. 仅供演示 UKEY 使用。',
  ]);
}
