/**
 * The reference portal's pages (issue 9 §5): Chinese first, English second; no inline script or style, so the
 * CSP can be `script-src 'self'` (CSP3 §6.1.11).
 */
import type { LoginIdentity } from '../verifier/identity';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(title: string, body: string, attributes = ''): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/portal.css">
</head>
<body${attributes}>
<main>
${body}
</main>
</body>
</html>
`;
}

export function loginPage(appUrl: string): string {
  return page(
    '示例门户登录 · Example portal sign-in',
    `<h1>示例门户 <span lang="en">Example portal</span></h1>
<p>使用您 UKEY 上的证书登录，无需安装插件。PIN 只在 UKey 助手中输入，本网站不会看到。</p>
<p lang="en">Sign in with the certificate on your UKEY, no plug-in needed. You type the PIN only in UKey Assistant; this site never sees it.</p>
<button id="ukey-login" type="button">使用 UKEY 登录 <span lang="en">Sign in with UKEY</span></button>
<p id="status" role="status" aria-live="polite"></p>
<script type="module" src="/login.js"></script>`,
    ` data-app-url="${escapeHtml(appUrl)}"`,
  );
}

export function signedInPage(identity: LoginIdentity): string {
  const rows: [string, string][] = [
    ['姓名/名称 Name', identity.subjectFields.CN ?? identity.subject],
    ['单位 Organisation', identity.subjectFields.O ?? ''],
    ['统一社会信用代码 USCI', identity.identifiers.usci ?? ''],
    ['证书主题 Subject', identity.subject],
    ['颁发者 Issuer', identity.issuer],
    ['证书序列号 Serial number', identity.serialNumber],
    ['有效期至 Valid until', identity.notAfter],
    ['签名算法 Algorithm', identity.alg],
  ];
  const table = rows
    .filter(([, value]) => value !== '')
    .map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('\n');
  return page(
    '已登录 · Signed in',
    `<h1>已登录 <span lang="en">Signed in</span></h1>
<p id="who">欢迎，${escapeHtml(identity.subjectFields.CN ?? identity.subject)}。<span lang="en">Welcome.</span></p>
<table id="identity">
${table}
</table>
<form method="post" action="/logout"><button type="submit">退出登录 <span lang="en">Sign out</span></button></form>`,
  );
}

export const PORTAL_CSS = `body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f5f6f8;color:#1d2129}
main{max-width:40rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.1)}
button{font-size:1.1rem;padding:.7rem 1.4rem;border:0;border-radius:6px;background:#1456f0;color:#fff;cursor:pointer}
[lang=en]{color:#4e5969;font-size:.9em}button [lang=en]{color:#e8f0ff}
#status{min-height:1.5em}#status[data-error]{color:#c9353f}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #e5e6eb;vertical-align:top}
th{white-space:nowrap;color:#4e5969;font-weight:500}td{word-break:break-all}
`;

/** The login page's script: fetch a challenge, open the app through the SDK, post the envelope. */
export const LOGIN_SCRIPT = `import { signIn } from '/ukey-sign-in.js';

const button = document.getElementById('ukey-login');
const status = document.getElementById('status');
const appUrl = document.body.dataset.appUrl;

function show(text, isError) {
  status.textContent = text;
  if (isError) status.dataset.error = ''; else delete status.dataset.error;
}

button.addEventListener('click', async () => {
  button.disabled = true;
  show('请在 UKey 助手窗口中选择证书并输入 PIN。 Choose the certificate and enter the PIN in the UKey Assistant window.', false);
  const challenge = fetch('/ukey/challenge', { method: 'POST', credentials: 'same-origin' }).then(async (r) => {
    const body = await r.json().catch(() => ({}));
    // 503 (too many sign-ins in progress) and 429 carry a message for the user; the SDK shows it as the reason.
    if (!r.ok) throw new Error(body.message || (body.error || 'HTTP') + ' ' + r.status);
    return body.challenge;
  });
  try {
    const envelope = await signIn({ appUrl, challenge });
    show('正在验证… Verifying…', false);
    const answer = await fetch('/ukey/verify', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(envelope),
    });
    const body = await answer.json();
    if (answer.ok) {
      location.assign('/me');
      return;
    }
    status.dataset.code = body.error;
    show('登录被拒绝（' + body.error + '）。 Sign-in refused (' + body.error + ').', true);
  } catch (error) {
    status.dataset.code = error.code || 'ERROR';
    show(error.message, true);
  } finally {
    button.disabled = false;
  }
});
`;
