import type { Guide } from '../guide-types';

/** Messages users meet when a portal login or signature fails (CA manuals' FAQ sections). */
export const PORTAL_PROBLEM_GUIDES: readonly Guide[] = [
  {
    id: 'clock-wrong',
    title: {
      'zh-CN': '提示“证书尚未生效或已过期”：先看电脑时间对不对',
      en: '"Certificate not yet valid or expired": check the PC clock first',
    },
    summary: {
      'zh-CN': '证书明明在有效期内却报过期或未生效，多半是电脑的日期、时间或时区设错了。',
      en: 'A certificate that is still in date but reported as expired or not yet valid almost always means the PC date, time or time zone is wrong.',
    },
    causes: {
      'zh-CN': [
        '电脑的日期或时间不对（例如主板电池没电后时间回到了很多年前）。',
        '时区不是北京时间（UTC+8），时间差了几个小时。',
        '证书确实已经过期，需要延期（更新）。',
      ],
      en: [
        'The PC date or time is wrong (for example it jumped back years after the mainboard battery ran flat).',
        'The time zone is not China Standard Time (UTC+8), so the clock is hours off.',
        'The certificate really has expired and must be renewed.',
      ],
    },
    steps: {
      'zh-CN': [
        '看一下本应用 UKEY 卡片上的证书状态：如果提示“请检查电脑的日期和时间是否正确”，说明证书按正确时间仍然有效，是电脑时间错了。',
        '打开 Windows“设置 → 时间和语言 → 日期和时间”，打开“自动设置时间”和“自动设置时区”，再点“立即同步”。',
        '不能联网同步时，手动把日期、时间改对，时区选“(UTC+08:00) 北京，重庆，香港特别行政区，乌鲁木齐”。',
        '关掉浏览器重新打开，再登录一次。',
        '如果每次开机时间都会变回错误的日期，请 IT 部门更换主板电池。',
        '时间正确但证书确实过期了，请按“证书延期规则”办理延期。',
      ],
      en: [
        'Look at the certificate status on this app\'s token card: if it says "Check this computer\'s date and time", the certificate is still valid by the real time and the PC clock is wrong.',
        'Open Windows Settings → Time & language → Date & time, turn on "Set time automatically" and "Set time zone automatically", then press "Sync now".',
        'Without a network, set the date and time by hand and choose the time zone "(UTC+08:00) Beijing, Chongqing, Hong Kong, Urumqi".',
        'Close the browser, open it again and log in again.',
        'If the clock goes back to a wrong date at every start, ask IT to replace the mainboard battery.',
        'If the clock is right and the certificate really expired, follow "Renewal rules".',
      ],
    },
    keywords: {
      'zh-CN': ['证书尚未生效或已过期', '时间', '时钟', '日期', '时区', '证书过期', '已过期', '尚未生效', '未生效', '证书无效', '系统时间'],
      en: ['time', 'clock', 'date', 'time zone', 'expired', 'not yet valid', 'certificate expired', 'system time'],
    },
    related: ['renewal-rules', 'certificate-untrusted'],
  },
  {
    id: 'signature-error-e1000',
    title: { 'zh-CN': '登录或提交时报“数字签名错误 E1000”', en: '"Digital signature error E1000" at login or when submitting' },
    summary: {
      'zh-CN': 'E1000 表示门户没有拿到有效的签名：多是旧控件、浏览器模式或代理造成的；提交表格时报错则要检查文件本身。',
      en: 'E1000 means the portal did not get a valid signature: usually an old plug-in, the browser mode or a proxy; when it happens on a form upload, check the file itself.',
    },
    causes: {
      'zh-CN': [
        '电脑上装的是旧版签名控件，或者新旧控件同时存在、互相冲突。',
        '通过代理上网，签名服务的地址被代理拦住了。',
        '提交业务表格时，表格的文件名、格式或内容结构被改动过（例如存成了 .xlsx 而不是 .xls）。',
      ],
      en: [
        'An old signing plug-in is installed, or old and new plug-ins are both present and clash.',
        'The PC goes through a proxy that blocks the signing service.',
        'On a form upload, the file name, format or layout was changed (e.g. saved as .xlsx instead of .xls).',
      ],
    },
    steps: {
      'zh-CN': [
        '先在本应用里确认 UKEY 能读到、证书有效、PIN 没有锁定；这几项有问题时先按对应指南处理。',
        '在 Windows“设置 → 应用”里卸载旧的 UKEY 控件，重启电脑，再用门户提供的助手工具重新安装最新控件（门户登录目前仍需要它）。',
        '如果通过代理上网，按“代理例外”指南把签名服务地址加进例外列表。',
        '换一个浏览器再试；门户要求兼容模式时按门户说明切换。',
        '只在提交表格时报 E1000：核对表格名称和格式是否被改过，另存为门户要求的格式（如 .xls）后再提交。',
      ],
      en: [
        'First confirm in this app that the token is read, its certificate is valid and the PIN is not blocked; fix those first if needed.',
        'In Windows Settings → Apps uninstall the old token plug-ins, restart, then install the newest plug-in with the portal\'s own helper tool (portal login still needs it today).',
        'If you use a proxy, add the signing service to the proxy exceptions (see "Proxy exceptions").',
        'Try another browser; if the portal asks for a compatibility mode, switch as it describes.',
        'If E1000 appears only on a form upload, check that the form\'s name and format were not changed and save it in the format the portal asks for (e.g. .xls).',
      ],
    },
    keywords: {
      'zh-CN': ['E1000', '数字签名错误', '签名错误', '签名失败', '控件', '插件', '长江养老'],
      en: ['E1000', 'signature error', 'signing failed', 'plug-in', 'plugin', 'control'],
    },
    related: ['proxy-exceptions', 'certificate-untrusted', 'clock-wrong'],
  },
  {
    id: 'proxy-exceptions',
    title: { 'zh-CN': '通过代理上网时签名失败：把门户加入代理例外', en: 'Signing fails behind a proxy: add the portal to the proxy exceptions' },
    summary: {
      'zh-CN': '公司代理可能拦住签名服务，把门户和签名服务的域名加进代理的“例外”列表即可。',
      en: 'A company proxy can block the signing service; add the portal\'s and the signing service\'s domains to the proxy bypass list.',
    },
    causes: {
      'zh-CN': ['电脑设置了代理服务器，签名验证的请求被代理改写或拦截。'],
      en: ['The PC uses a proxy server that rewrites or blocks the signature check requests.'],
    },
    steps: {
      'zh-CN': [
        '打开 Windows“设置 → 网络和 Internet → 代理”，在手动代理设置里找到“请勿对以下列条目开头的地址使用代理服务器”。',
        '在已有内容末尾加一个英文分号“;”，再填入门户要求的域名，例如长江养老的签名服务 `powerservice.csii.com.cn`，点“保存”。',
        '也可以在“Internet 选项 → 连接 → 局域网设置 → 高级”的“例外”框里添加，同样用英文分号隔开，点“确定”。',
        '关闭并重新打开浏览器再登录。',
        '电脑由公司统一管理、改不了代理时，请 IT 部门代为添加。',
      ],
      en: [
        'Open Windows Settings → Network & Internet → Proxy and find the box "Don\'t use the proxy server for addresses beginning with".',
        'Add a half-width semicolon ";" after the existing entries, then the domain the portal needs, e.g. powerservice.csii.com.cn for the Changjiang pension signing service, and press Save.',
        'Or use Internet Options → Connections → LAN settings → Advanced and add it to the Exceptions box, again separated by ";", then OK.',
        'Close and reopen the browser and log in again.',
        'If the PC is managed and you cannot change the proxy, ask IT to add the exception.',
      ],
    },
    keywords: {
      'zh-CN': ['代理', '代理服务器', '例外', '白名单', '网络设置', '局域网设置', 'powerservice'],
      en: ['proxy', 'proxy server', 'bypass', 'exception', 'whitelist', 'allow list', 'lan settings', 'powerservice'],
    },
    related: ['signature-error-e1000'],
  },
  {
    id: 'no-user-linked',
    title: { 'zh-CN': '提示“未查询到与证书关联的用户”', en: '"No user is linked to this certificate"' },
    summary: {
      'zh-CN': '证书本身没问题，但门户里没有把它和你的账号或单位绑定；常见原因是拿错了旧 UKEY 或还没做证书绑定。',
      en: 'The certificate is fine but the portal has not linked it to your account or company; often an old token is in use or the binding was never done.',
    },
    causes: {
      'zh-CN': [
        '单位名称或级别变更、或者 UKEY 丢失后补发过新 UKEY，而你手里的是旧的那支。',
        '第一次使用，还没在门户里完成注册和证书绑定（例如四川人社要先注册经办人、关联单位再绑定证书）。',
        '一个单位有多个业务编码，证书只绑定了其中一个。',
      ],
      en: [
        'The office was renamed or changed level, or a lost token was replaced, and you hold the old token.',
        'First use: registration and certificate binding on the portal are not done yet (e.g. the Sichuan social-insurance portal needs the agent registered, linked to the company and then the certificate bound).',
        'The company has several business codes and the certificate is bound to only one.',
      ],
    },
    steps: {
      'zh-CN': [
        '在本应用里看证书的持有者和有效期，确认这是单位现在在用的那支 UKEY，而不是已被替换的旧 UKEY。',
        '有新旧两支时，用新 UKEY 登录；旧 UKEY 在仪表盘里标注“已停用”。',
        '第一次使用时，按门户说明完成注册、关联单位和证书绑定。',
        '证书刚延期过的，等 15 分钟左右再试。',
        '以上都确认过仍然报错，请联系门户的运维或 CA，说明证书持有者和介质序列号。',
      ],
      en: [
        'Check the certificate holder and validity in this app to make sure this is the token the office uses now, not one that was replaced.',
        'If there is an old and a new token, log in with the new one and mark the old one as retired in the dashboard.',
        'On first use, complete the portal\'s registration, company link and certificate binding as it describes.',
        'If the certificate was just renewed, wait about 15 minutes and try again.',
        'If it still fails, contact the portal\'s support or the CA and quote the certificate holder and the token serial number.',
      ],
    },
    contactCa: {
      'zh-CN': '绑定关系保存在门户一方，本应用改不了；确认不是旧 UKEY 后请找门户运维或 CA 处理。',
      en: 'The link lives on the portal\'s side and this app cannot change it; once you know it is not an old token, ask the portal\'s support or the CA.',
    },
    keywords: {
      'zh-CN': ['未查询到', '关联的用户', '非本系统用户', '证书绑定', '绑定', '账号', '无法登录'],
      en: ['no user linked', 'not a user of this system', 'binding', 'bind certificate', 'account', 'cannot log in'],
    },
    related: ['one-token-per-department', 'lost-or-damaged-token', 'renewal-rules'],
  },
];
