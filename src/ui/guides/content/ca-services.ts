import type { Guide } from '../guide-types';

/** Services only the CA can give: renewal (yearly) and the PIN unlock flow. Both come to the app later. */
export const CA_SERVICE_GUIDES: readonly Guide[] = [
  {
    id: 'renewal-rules',
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
        '在仪表盘查看每支 UKEY 的到期时间；快到期的会排在最前面，并显示“还剩 N 天”。',
        '提前办理：按你所在平台的流程提交延期（例如公积金要先提交更新工单，填上介质序列号，一般 3 个工作日内审核）。',
        '延期时如实填写当前保管 UKEY 的人的姓名和手机号，并把它记在仪表盘这支 UKEY 的备注里，解锁时要用。',
        '延期过程中下载新证书大约需要 2 分钟，期间不要拔 UKEY、不要断网断电。',
        '完成后拔插一次 UKEY，在本应用里重新读取，确认有效期已经延长。',
        '等 15 分钟左右，关闭浏览器再重新打开，然后登录门户验证。',
        '本应用以后会支持在 UKEY 上生成新密钥并提交延期申请（离线时先排队），届时会出现在 UKEY 详情页。',
      ],
      en: [
        'Check each token\'s expiry date in the dashboard; tokens that expire soon come first and show "N days left".',
        'Renew early, following your portal\'s process (e.g. the housing fund needs a renewal work order with the token serial number; approval takes up to 3 working days).',
        'Enter the real name and mobile number of the person who now keeps the token, and note them on this token in the dashboard: the unlock needs them.',
        'Downloading the new certificate takes about 2 minutes: do not unplug the token or lose power or network meanwhile.',
        'Afterwards unplug and replug the token and read it again here to confirm the new validity dates.',
        'Wait about 15 minutes, close and reopen the browser, then log in to check.',
        'A later version of this app will create the new key on the token and send the renewal request (queued while offline); it will appear on the token detail page.',
      ],
    },
    contactCa: {
      'zh-CN': '过期超过 30 天、延期页面报错或证书已被吊销时，请联系 CA 或平台运维重新申请；BJCA 服务热线 4007001900、010-58515511。',
      en: 'If the certificate expired more than 30 days ago, the renewal page fails or the certificate is revoked, contact the CA or the platform support for a new one; BJCA hotlines: 4007001900, 010-58515511.',
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
        '有 PUK 时：打开本应用的 PIN 管理页，点“忘记 PIN？”，再点“我有 PUK，直接设置新 PIN”（PIN 已锁定时表单直接显示），输入 PUK 和新 PIN 即可。不需要先把 PIN 输错锁定。PUK 同样有次数限制，请仔细输入；它不是 CA 发来的解锁码。',
        '没有 PUK 时：在 CA 的解锁页面提交解锁申请，填写姓名和手机号（12309 平台要填延期时登记的联系人信息），务必真实。',
        '联系 CA（或平台的 UKEY 运维）审核申请；审核通过后 CA 会发来解锁授权码（公积金 BJCA 通过邮件发送）。',
        '回到解锁页面，输入解锁授权码和新 PIN（12309 要求 6–8 位字母加数字）并提交。',
        '解锁成功后，用新 PIN 在本应用里验证一次。',
        '由 CA 在线审核的解锁流程以后会直接接入本应用；目前请使用 CA 的解锁页面。',
      ],
      en: [
        'With a PUK: on this app\'s PIN page press "Forgot the PIN?", then "I have the PUK: set a new PIN now" (when the PIN is blocked the form shows directly), and enter the PUK and a new PIN. No need to block the PIN first. The PUK also has limited tries: type carefully; it is not the CA\'s unlock code.',
        'Without a PUK: file an unlock request on the CA\'s unlock page with a real name and mobile number (on 12309, the contact registered at renewal).',
        'Contact the CA (or the platform\'s token support) to approve it; the CA then sends an unlock code (by e-mail for the BJCA housing-fund token).',
        'Go back to the unlock page, enter the unlock code and a new PIN (6–8 letters and digits on 12309) and submit.',
        'After the unlock, verify once with the new PIN in this app.',
        'The CA-approved online unlock will be built into this app later; until then use the CA\'s unlock page.',
      ],
    },
    contactCa: {
      'zh-CN': '解锁授权码只能由 CA 发放：提交申请后请拨打北京数字认证（BJCA）服务热线 4007001900 转人工审核。',
      en: 'Only the CA can issue an unlock code: after filing the request call the BJCA service hotline 4007001900 and ask for an agent to approve it.',
    },
    keywords: {
      'zh-CN': ['解锁', '找回密码', '忘记密码', '忘记 PIN', '重置密码', '授权码', '解锁码', 'PUK'],
      en: ['unlock', 'unblock', 'forgot pin', 'forgotten password', 'reset pin', 'unlock code', 'authorization code', 'puk'],
    },
    related: ['pin-locked', 'renewal-rules', 'pin-policy'],
  },
];
