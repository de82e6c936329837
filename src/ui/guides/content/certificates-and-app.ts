import type { Guide } from '../guide-types';

/** Certificate checks made offline by the app (issue 3) and the app's own storage and updates. */
export const CERTIFICATE_AND_APP_GUIDES: readonly Guide[] = [
  {
    id: 'certificate-untrusted',
    title: { 'zh-CN': '无法确认证书的签发机构', en: 'The certificate\'s issuer cannot be confirmed' },
    summary: {
      'zh-CN': '本应用没能把这张证书一路核对到已知的 CA 根证书；这不一定代表门户会拒绝，但值得确认。',
      en: 'This app could not trace the certificate back to a known CA root; the portal may still accept it, but it is worth checking.',
    },
    causes: {
      'zh-CN': [
        '签发这张证书的 CA 根证书不在本应用的列表里。',
        '证书链缺少中间证书，或者证书签名核对不通过。',
        '这是一张测试证书或演示证书。',
      ],
      en: [
        'The root certificate of the issuing CA is not in this app\'s list.',
        'An intermediate certificate is missing, or the certificate\'s signature does not check out.',
        'It is a test or demo certificate.',
      ],
    },
    steps: {
      'zh-CN': [
        '在 UKEY 详情页查看证书的“颁发者”，确认是你的 CA（如 CFCA、四川CA、BJCA）。',
        '颁发者正确时，照常登录门户；门户能登录就说明门户认可这张证书。',
        '颁发者陌生、或者门户也拒绝时，把证书序列号和颁发者告诉 CA 核实。',
      ],
      en: [
        'Check the certificate\'s issuer on the token detail page and make sure it is your CA (e.g. CFCA, Sichuan CA, BJCA).',
        'If the issuer is right, log in to the portal as usual; if the login works, the portal accepts the certificate.',
        'If the issuer is unknown or the portal refuses too, give the certificate serial number and issuer to the CA to check.',
      ],
    },
    contactCa: {
      'zh-CN': '颁发者不对或门户拒绝时，请 CA 核实证书是否为正式签发。',
      en: 'If the issuer is wrong or the portal refuses, ask the CA to confirm the certificate was properly issued.',
    },
    keywords: {
      'zh-CN': ['不受信任', '颁发者', '根证书', '证书链', '签名无效', '无法验证'],
      en: ['untrusted', 'issuer', 'root certificate', 'chain', 'invalid signature', 'cannot verify'],
    },
    related: ['certificate-unreadable', 'revocation-unknown', 'signature-error-e1000'],
  },
  {
    id: 'certificate-unreadable',
    title: { 'zh-CN': 'UKEY 里的证书无法解析', en: 'A certificate on the token cannot be read' },
    summary: {
      'zh-CN': 'UKEY 里有证书数据，但内容损坏或格式本应用看不懂；重新读取一次，仍不行请 CA 重新写入。',
      en: 'The token holds certificate data, but it is damaged or in a format this app cannot parse; read again, and if it fails ask the CA to write it again.',
    },
    causes: {
      'zh-CN': ['读取时被中断，数据不完整。', '证书写入时出错，内容已损坏。', '证书使用了本应用还不认识的格式或算法。'],
      en: ['The read was interrupted and the data is incomplete.', 'The certificate was written badly and is corrupted.', 'It uses a format or algorithm this app does not know yet.'],
    },
    steps: {
      'zh-CN': [
        '拔插 UKEY，在详情页点击“重新读取”。',
        '门户仍能正常登录时，可以暂时忽略：证书本身可能没有问题，只是本应用读不懂它的格式。',
        '门户也无法使用这张证书时，请 CA 重新写入证书。',
      ],
      en: [
        'Replug the token and press "Read again" on the detail page.',
        'If portal login still works, you can ignore it: the certificate may be fine and only its format is one this app cannot read.',
        'If the portal cannot use the certificate either, ask the CA to write it again.',
      ],
    },
    contactCa: {
      'zh-CN': '证书损坏只能由 CA 重新写入；联系时报上介质序列号。',
      en: 'A corrupted certificate can only be rewritten by the CA; quote the token serial number.',
    },
    keywords: {
      'zh-CN': ['无法解析', '证书损坏', '读不出', '格式错误', '乱码'],
      en: ['unreadable', 'corrupt', 'cannot parse', 'malformed', 'bad format'],
    },
    related: ['no-certificate', 'certificate-untrusted'],
  },
  {
    id: 'revocation-unknown',
    title: { 'zh-CN': '暂时无法确认证书是否已被吊销', en: 'Whether the certificate was revoked is unknown' },
    summary: {
      'zh-CN': '检查吊销需要 CA 最新发布的吊销列表；离线或列表过期时，本应用只能标为“未知”。',
      en: 'Checking revocation needs the CA\'s current revocation list; offline or with a stale list, this app can only say "unknown".',
    },
    causes: {
      'zh-CN': ['电脑当前离线，无法取得最新的吊销列表。', '缓存的吊销列表已经过期。', '证书被吊销（例如丢失后补办）后就不能再在线延期。'],
      en: ['The PC is offline and cannot fetch the current revocation list.', 'The cached revocation list has expired.', 'A revoked certificate (e.g. after a lost token was replaced) can no longer be renewed online.'],
    },
    steps: {
      'zh-CN': [
        '联网后在详情页重新检查一次。',
        '“未知”不等于“已吊销”，门户能登录就可以照常使用。',
        '延期页面提示“证书已被吊销”时，说明这支 UKEY 已被替换或作废，请使用新 UKEY 或联系 CA。',
      ],
      en: [
        'Go online and check again on the detail page.',
        '"Unknown" does not mean "revoked"; if the portal lets you in, carry on.',
        'If the renewal page says the certificate is revoked, the token was replaced or cancelled: use the new token or contact the CA.',
      ],
    },
    keywords: {
      'zh-CN': ['吊销', '作废', '吊销列表', 'CRL', '离线', '状态未知'],
      en: ['revoked', 'revocation', 'crl', 'offline', 'unknown status'],
    },
    related: ['renewal-rules', 'certificate-untrusted', 'no-user-linked'],
  },
  {
    id: 'storage-problem',
    title: { 'zh-CN': '本应用无法保存数据', en: 'The app cannot save its data' },
    summary: {
      'zh-CN': '浏览器存储空间满了、被清除或被禁止；UKEY 和证书可以重新读取，PIN 从来不会被保存。',
      en: 'Browser storage is full, was cleared or is blocked; tokens and certificates can be read again, and a PIN is never stored.',
    },
    causes: {
      'zh-CN': ['磁盘空间不足。', '使用了无痕/隐私窗口，或浏览器设置为关闭时清除网站数据。', '浏览器在空间紧张时自动清理了本应用的数据。'],
      en: ['The disk is nearly full.', 'A private window is used, or the browser clears site data on exit.', 'The browser evicted this app\'s data when space ran low.'],
    },
    steps: {
      'zh-CN': [
        '运行“全面检查”，在“存储”一项点击“申请持久存储”，避免数据被自动清理。',
        '不要在无痕窗口中使用本应用；检查浏览器是否设置了“关闭时清除 Cookie 和网站数据”。',
        '清理磁盘空间后重新打开本应用。',
        '数据丢失后，重新添加 UKEY 并改回名称即可恢复，证书会从 UKEY 重新读取。',
      ],
      en: [
        'Run the environment check and press "Request persistent storage" on the storage item so the data is not evicted.',
        'Do not use the app in a private window, and check that the browser does not clear cookies and site data on exit.',
        'Free some disk space and reopen the app.',
        'If data was lost, pair the tokens again and give them their names again; certificates are read again from the tokens.',
      ],
    },
    keywords: {
      'zh-CN': ['存储', '保存失败', '数据丢失', '空间不足', '无痕模式', '缓存', 'IndexedDB'],
      en: ['storage', 'cannot save', 'data lost', 'quota', 'disk full', 'private window', 'indexeddb', 'persistent'],
    },
    related: ['app-update'],
  },
  {
    id: 'app-update',
    title: { 'zh-CN': '本应用有新版本', en: 'A new version of the app is available' },
    summary: {
      'zh-CN': '新版本已在后台下载好，点击“重新加载”即可使用；不联网时也能继续用当前版本。',
      en: 'A new version has downloaded in the background; press "Reload" to use it. Offline, the current version keeps working.',
    },
    causes: {
      'zh-CN': ['本应用发布了新版本，浏览器已经下载，正在等待启用。'],
      en: ['A new version was published; the browser downloaded it and it is waiting to start.'],
    },
    steps: {
      'zh-CN': [
        '先完成正在进行的操作（例如修改 PIN）。',
        '点击页面上的“重新加载”提示。',
        '提示一直不消失时，关闭本应用的所有标签页和窗口，再重新打开。',
        '在“全面检查”里可以看到当前使用的版本号。',
      ],
      en: [
        'Finish what you are doing first (e.g. a PIN change).',
        'Press the "Reload" prompt on the page.',
        'If the prompt keeps coming back, close every tab and window of the app and open it again.',
        'The environment check shows which version is running.',
      ],
    },
    keywords: {
      'zh-CN': ['更新', '新版本', '升级', '重新加载', '刷新', '版本号'],
      en: ['update', 'new version', 'upgrade', 'reload', 'refresh', 'service worker'],
    },
    related: ['storage-problem'],
  },
];
