import type { Guide } from '../guide-types';

/** Which browsers can talk to a token at all, and the device chooser (DESIGN.md §3). */
export const BROWSER_SUPPORT_GUIDES: readonly Guide[] = [
  {
    id: 'browser-versions',
    title: { 'zh-CN': '需要哪个版本的 Chrome 或 Edge', en: 'Which Chrome or Edge version you need' },
    summary: {
      'zh-CN': '请使用较新的电脑版 Chrome 或 Edge：网页连接 USB 设备的功能从 Chrome 61 起提供、Chrome 70 起可在后台线程使用，后台线程连接 HID 设备要 Chrome 131 以上。',
      en: 'Use a recent desktop Chrome or Edge: WebUSB exists since Chrome 61 and works in background workers since Chrome 70; WebHID in workers needs Chrome 131 or later.',
    },
    causes: {
      'zh-CN': [
        '浏览器版本太旧，缺少本应用在后台线程中访问 UKEY 所需的功能。',
        'Edge 与 Chrome 使用相同的内核，版本号可以对照；360、搜狗等浏览器的“极速模式”内核版本往往较旧。',
      ],
      en: [
        'The browser is too old and lacks what this app needs to reach the token from a background worker.',
        'Edge shares Chrome\'s engine and version numbers; the "fast mode" engines of other Chinese browsers are often older.',
      ],
    },
    steps: {
      'zh-CN': [
        '在 Chrome 地址栏输入 `chrome://settings/help`，或在 Edge 输入 `edge://settings/help`，查看版本并更新。',
        'USB 类 UKEY 至少需要 70 版；HID 类“免驱”UKEY 至少需要 131 版。建议始终保持最新版本。',
        '更新完成后点击“重新启动”，再打开本应用的“全面检查”确认各项通过。',
        '单位电脑不能自行更新浏览器时，请 IT 部门统一升级。',
      ],
      en: [
        'Open chrome://settings/help in Chrome or edge://settings/help in Edge to see the version and update.',
        'USB tokens need at least version 70; driver-free HID tokens need at least 131. Staying on the newest version is best.',
        'After updating press "Relaunch", then run this app\'s environment check to confirm every item passes.',
        'If you cannot update the browser on a managed PC, ask IT to upgrade it.',
      ],
    },
    keywords: {
      'zh-CN': ['浏览器版本', 'Chrome', 'Edge', '谷歌浏览器', '升级浏览器', '版本太旧', 'WebHID', 'WebUSB'],
      en: ['browser version', 'chrome', 'edge', 'update browser', 'too old', 'webhid', 'webusb', 'worker'],
    },
    related: ['webusb-missing', 'protected-interface'],
  },
  {
    id: 'webusb-missing',
    title: { 'zh-CN': '这个浏览器不支持访问 USB 设备', en: 'This browser cannot reach USB devices' },
    summary: {
      'zh-CN': 'Firefox 和 Safari 不让网页连接 USB 和 HID 设备，无法连接 UKEY；请改用电脑版 Chrome 或 Edge 打开本应用。',
      en: 'Firefox and Safari offer no WebUSB or WebHID, so they cannot connect to a token; open this app in desktop Chrome or Edge instead.',
    },
    causes: {
      'zh-CN': [
        '使用的是 Firefox、Safari，或者手机浏览器，它们不让网页连接 USB 设备。',
        '页面不是通过 https（或本机地址）打开的，浏览器只在安全连接下开放 USB 访问。',
        '单位通过浏览器策略禁止了网页访问 USB 设备。',
      ],
      en: [
        'You are using Firefox, Safari or a phone browser, which do not support WebUSB.',
        'The page was not opened over https (or from this computer), and the browser opens USB only to secure pages.',
        'Your company disabled USB access for web pages through a browser policy.',
      ],
    },
    steps: {
      'zh-CN': [
        '用电脑版 Chrome 或 Edge 打开本应用的网址；在这两个浏览器里也可以把本应用安装到桌面。',
        '确认地址栏以 https:// 开头。',
        '仍提示不支持时，运行“全面检查”，看“浏览器能否连接 USB 的 UKEY”一项；显示不通过且说明是单位的浏览器策略时，请 IT 部门放开对本应用网址的限制。',
        '没有 UKEY 时，查看证书缓存和指南不需要 USB，任何浏览器都可以。',
      ],
      en: [
        'Open this app\'s address in desktop Chrome or Edge; either can also install the app to your desktop.',
        'Make sure the address starts with https://.',
        'If it still says unsupported, run the full check and look at "Browser can reach USB UKEYs"; if it fails because of your company\'s browser policy, ask IT to allow it for this app\'s address.',
        'Reading cached certificates and the guides needs no USB and works in any browser.',
      ],
    },
    keywords: {
      'zh-CN': ['不支持', 'Firefox', '火狐', 'Safari', '手机', 'WebUSB', 'navigator.usb', '安全连接'],
      en: ['not supported', 'unsupported browser', 'firefox', 'safari', 'mobile', 'webusb', 'navigator.usb', 'https'],
    },
    related: ['browser-versions', 'protected-interface'],
  },
  {
    id: 'no-device-chosen',
    title: { 'zh-CN': '添加时没有选中设备', en: 'No device was chosen when pairing' },
    summary: {
      'zh-CN': '浏览器的设备列表被关闭，或者列表里没有你的 UKEY；重新点击添加并选中它即可。',
      en: 'The browser\'s device list was closed, or your token was not in it; press pair again and pick it.',
    },
    causes: {
      'zh-CN': [
        '弹出设备列表后点了“取消”或直接关闭了它。',
        '列表只显示已知型号的 UKEY，你的 UKEY 不在其中。',
        'UKEY 没插好，或者系统根本没识别它。',
      ],
      en: [
        'The device list was cancelled or closed.',
        'The list shows known token models only, and yours is not one of them.',
        'The token is not plugged in properly, or the system does not see it at all.',
      ],
    },
    steps: {
      'zh-CN': [
        '插好 UKEY，在添加页面再点一次“添加 UKEY”。',
        '在浏览器弹出的列表中单击你的 UKEY，再点“连接”。',
        '列表里没有时，回到添加页面勾选“显示所有 USB 设备”，再试一次。',
        '显示所有 USB 设备后仍然没有，请看“插上 UKEY 后无法识别”和（Linux 用户）“udev 规则”指南。',
      ],
      en: [
        'Plug the token in and press "Pair a token" again.',
        'Click your token in the browser\'s list, then "Connect".',
        'If it is not listed, tick "show all devices" on the pairing page and try again.',
        'Still missing with all devices shown? See "Token not recognised" and, on Linux, "udev rules".',
      ],
    },
    keywords: {
      'zh-CN': ['没有选择设备', '未选择', '取消', '设备列表', '添加', '找不到设备'],
      en: ['no device selected', 'cancelled', 'chooser', 'device list', 'pairing', 'NotFoundError'],
    },
    related: ['token-not-recognised', 'linux-udev'],
  },
];
