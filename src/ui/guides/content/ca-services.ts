import type { Guide } from '../guide-types';

/**
 * Services the CA gives: renewal (yearly) and the PIN unlock. Both are in this app for keys it can read and whose CA
 * offers them online (去延期, 通过 CA 在线解锁); every other key follows its CA's own route, shown on its card.
 */
export const CA_SERVICE_GUIDES: readonly Guide[] = [
  {
    id: 'renewal-rules',
    causesKind: 'facts',
    stepsKind: 'howto',
    title: { 'zh-CN': '证书延期（更新）规则', en: 'Certificate renewal rules' },
    summary: {
      'zh-CN': '证书一般一年有效，要在到期前延期；12309 的 UKEY 过期超过 30 天就不能再延期，延期后约 15 分钟才生效。',
      en: 'Certificates usually last a year and must be renewed before they expire; a 12309 token expired more than 30 days cannot be renewed, and a renewal takes about 15 minutes to take effect.',
    },
    causes: {
      'zh-CN': [
        '证书有效期一般为一年，到期后门户会拒绝登录。',
        '12309 平台：证书过期超过 30 天后，无法再在线延期，只能重新申请。',
        '延期完成后，门户大约要 15 分钟才认新证书；这段时间内登录可能提示证书无效。',
        '延期时填写的联系人姓名和手机号，以后解锁 PIN 时要核对。',
      ],
      en: [
        'A certificate usually lasts one year; after that the portal refuses the login.',
        '12309 platform: once a certificate has been expired for more than 30 days it can no longer be renewed online and a new one must be requested.',
        'After a renewal the portal needs about 15 minutes to accept the new certificate; logins in that time may say the certificate is invalid.',
        'The contact name and mobile number entered during renewal are checked again when you later ask to unlock the PIN.',
      ],
    },
    steps: {
      'zh-CN': [
        '在“我的 UKEY”查看每支 UKEY 的到期时间；进入延期期限的会排在最前面，并写明最晚哪天前办理延期。点“下载到期日历（.ics）”可以把截止日加进 Outlook 或企业微信日历，不打开本应用也会提醒。',
        '本应用能直接读取、且 CA 支持在线延期的 UKEY：点证书旁的“去延期”，输入 PIN。新密钥在 UKEY 上生成，旧证书在新证书装好之前一直可用；中途拔出 UKEY 也没关系，插回后点“继续”。CA 暂时连不上时，申请会保存下来，不会重复提交。',
        '用证书记录的 UKEY 和其他 CA 的 UKEY：按卡片上的“延期办法”办理（例如公积金要先在企业微信提交更新工单，填上介质序列号，一般 3 个工作日内审核；12309 在 CA 的证书延期网站办理）。',
        '延期时如实填写当前保管 UKEY 的人的姓名和手机号，并把它记在这支 UKEY 的备注里，解锁时要用。',
        '完成后在本应用里点“重新读取”（用证书记录的 UKEY 则重新导出并记录新证书），确认有效期已经延长。',
        '等 15 分钟左右，关闭浏览器再重新打开，然后登录门户验证。',
      ],
      en: [
        'Check each key\'s expiry in "My UKEYs"; keys inside their renewal period come first and say by which day to renew. "Download deadlines as a calendar (.ics)" puts the deadlines into Outlook or the WeCom calendar, so you are reminded without opening this app.',
        'For a key this app can read and whose CA renews online: press "Renew now" beside the certificate and enter the PIN. A new key is made on the token and the old certificate keeps working until the new one is installed; unplugging on the way is fine — plug it back in and press "Continue". If the CA cannot be reached, the request is kept and never sent twice.',
        'For a key recorded by its certificate, or another CA\'s key: follow "How to renew" on its card (e.g. the housing fund needs a renewal work order in WeCom with the token serial number, approved within about 3 working days; 12309 renews on the CA\'s renewal site).',
        'Enter the real name and mobile number of the person who now keeps the token, and note them on this key: the unlock needs them.',
        'Afterwards press "Read again" in this app (for a key recorded by its certificate, export and record the new certificate) to confirm the new validity dates.',
        'Wait about 15 minutes, close and reopen the browser, then log in to check.',
      ],
    },
    contactCa: {
      'zh-CN': '过期超过 30 天、延期报错或证书已被吊销时，请联系 CA 重新申请：北京数字认证（BJCA，也负责 12309 的 UKEY）服务热线 4007001900、010-58515511、4009197888；中国金融认证中心（CFCA）的长江养老 UKEY 找长江养老客服、客户经理或代理服务网点（网上服务系统 `csp.cj-pension.com.cn`）；四川CA 用“i信”证书助手里的在线客服，或上四川CA 官网 `www.scca.com.cn`“服务支持”。',
      en: "If the certificate expired more than 30 days ago, the renewal fails or the certificate is revoked, ask the CA for a new one: BJCA (also for 12309 keys) service lines 4007001900, 010-58515511, 4009197888; for CFCA's Changjiang pension keys the pension company's service desk, your account manager or an agent office (online service system `csp.cj-pension.com.cn`); for Sichuan CA the online service in its \"i信\" assistant, or its website `www.scca.com.cn` (\"服务支持\").",
    },
    keywords: {
      'zh-CN': ['延期', '续期', '更新证书', '证书更新', '到期', '有效期', '30 天', '15 分钟', '工单'],
      en: ['renewal', 'renew', 'extend', 'update certificate', 'expiry', 'validity', '30 days', '15 minutes'],
    },
    related: ['clock-wrong', 'unlock', 'one-token-per-department', 'revocation-unknown'],
  },
  {
    id: 'unlock',
    title: { 'zh-CN': '解锁 PIN（忘记 PIN 或 PIN 已锁定）', en: 'Unlock the PIN (forgotten or blocked)' },
    summary: {
      'zh-CN': '有 PUK 可以在本应用里直接解锁；没有 PUK 就向 CA 提交解锁申请，拿到解锁授权码后设置新 PIN。',
      en: 'With a PUK you can unblock the PIN right here; without one, file an unlock request with the CA and set a new PIN with the unlock code it sends.',
    },
    causes: {
      'zh-CN': ['忘记了 PIN。', 'PIN 输错次数太多，已经锁定。'],
      en: ['The PIN is forgotten.', 'Too many wrong PINs have blocked it.'],
    },
    steps: {
      'zh-CN': [
        '有 PUK 时：打开本应用的“PIN 管理”，点“忘记 PIN？”，再点“我有 PUK，直接设置新 PIN”（PIN 已锁定时表单直接显示），输入 PUK 和新 PIN 即可。不需要先把 PIN 输错锁定。PUK 同样有次数限制，请仔细输入；它不是 CA 发来的解锁码。',
        '没有 PUK、但这支 UKEY 已在本应用登记在线解锁时：点“忘记 PIN？”→“我没有 PUK，找 CA 解锁”→“通过 CA 在线解锁”，填写姓名和手机号提交申请。登记要用 PIN，所以请在知道 PIN 的时候（验证或修改 PIN 之后）登记。',
        '没有登记时：在 CA 的解锁页面提交解锁申请，填写姓名和手机号（12309 平台要填延期时登记的联系人信息），务必真实。',
        '联系 CA（或平台的 UKEY 运维）审核申请；审核通过后 CA 会发来解锁授权码（公积金 BJCA 通过邮件发送）。',
        '回到解锁页面（在线解锁时就是本应用的解锁页），输入解锁授权码和新 PIN（12309 要求 6–8 位字母加数字）并提交。',
        '解锁成功后，用新 PIN 在本应用里验证一次。',
      ],
      en: [
        'With a PUK: on this app\'s PIN page press "Forgot the PIN?", then "I have the PUK: set a new PIN now" (when the PIN is blocked the form shows directly), and enter the PUK and a new PIN. No need to block the PIN first. The PUK also has limited tries: type carefully; it is not the CA\'s unlock code.',
        'Without a PUK, for a key registered for online unlock in this app: press "Forgot the PIN?" → "I have no PUK: unlock through the CA" → "Online unlock through the CA" and file the request with your name and mobile number. Registering needs the PIN, so register while you know it (after verifying or changing the PIN).',
        'Without registration: file an unlock request on the CA\'s unlock page with a real name and mobile number (on 12309, the contact registered at renewal).',
        'Contact the CA (or the platform\'s token support) to approve it; the CA then sends an unlock code (by e-mail for the BJCA housing-fund token).',
        'Go back to the unlock page (for online unlock, this app\'s unlock page), enter the unlock code and a new PIN (6–8 letters and digits on 12309) and submit.',
        'After the unlock, verify once with the new PIN in this app.',
      ],
    },
    contactCa: {
      'zh-CN': '解锁授权码只能由 CA 发放：北京数字认证（BJCA，也负责 12309 的 UKEY）提交申请后拨打服务热线 4007001900 转人工审核；中国金融认证中心（CFCA）的长江养老 UKEY 找长江养老客服、客户经理或代理服务网点（网上服务系统 `csp.cj-pension.com.cn`）；四川CA 用“i信”证书助手里的在线客服，或上四川CA 官网 `www.scca.com.cn`“服务支持”。',
      en: "Only the CA can issue an unlock code: for BJCA (also 12309 keys) call the service line 4007001900 after filing and ask for an agent; for CFCA's Changjiang pension keys the pension company's service desk, your account manager or an agent office (online service system `csp.cj-pension.com.cn`); for Sichuan CA the online service in its \"i信\" assistant, or its website `www.scca.com.cn` (\"服务支持\").",
    },
    keywords: {
      'zh-CN': ['解锁', '找回密码', '忘记密码', '忘记 PIN', '重置密码', '授权码', '解锁码', 'PUK'],
      en: ['unlock', 'unblock', 'forgot pin', 'forgotten password', 'reset pin', 'unlock code', 'authorization code', 'puk'],
    },
    related: ['pin-locked', 'renewal-rules', 'pin-policy'],
  },
];
