import type { Guide } from '../guide-types';

/** What the driver reports while talking to a paired token: busy, gone, no card, unsupported, card error. */
export const DEVICE_STATE_GUIDES: readonly Guide[] = [
  {
    id: 'device-busy',
    title: { 'zh-CN': 'UKEY 正被其他程序使用', en: 'The token is in use by another program' },
    summary: {
      'zh-CN': '同一时间只能有一个程序和 UKEY 通信；关闭其他占用它的程序或标签页后再试。',
      en: 'Only one program can talk to a token at a time; close whatever else is using it and try again.',
    },
    causes: {
      'zh-CN': [
        'CA 的证书助手、i信、门户控件等正在使用这支 UKEY。',
        '本应用在另一个标签页或窗口里也打开着，正在读取它。',
        'Linux 上系统的智能卡服务（`pcscd`）占用了它。',
        '上一个操作还没结束。',
      ],
      en: [
        'The CA\'s assistant, i信, a portal plug-in or similar is using the token.',
        'This app is open in another tab or window and is reading it.',
        'On Linux the pcscd service holds it.',
        'The previous operation has not finished yet.',
      ],
    },
    steps: {
      'zh-CN': [
        '等当前操作结束（页面上的进度提示消失）后再点一次。',
        '关闭本应用的其他标签页或窗口。',
        '退出证书助手、i信等 CA 工具（包括右下角托盘里的图标），关闭开着门户的其他浏览器窗口。',
        '拔下 UKEY 等几秒再插上，重新读取。',
        'Linux 用户：停止智能卡服务 `pcscd`（见“udev 规则”指南最后一步）。',
      ],
      en: [
        'Wait until the current operation ends (the progress note disappears) and press again.',
        'Close other tabs or windows of this app.',
        'Quit the CA tools such as the certificate assistant or i信 (including their tray icons) and other browser windows that have the portal open.',
        'Unplug the token, wait a few seconds, plug it in and read again.',
        'On Linux: stop the pcscd service (see the last step of "udev rules").',
      ],
    },
    keywords: {
      'zh-CN': ['被占用', '忙', '正在使用', '其他程序', '证书助手', 'i信', '标签页'],
      en: ['busy', 'in use', 'another program', 'claimed', 'locked by', 'other tab'],
    },
    related: ['windows-driver-winusb', 'linux-udev'],
  },
  {
    id: 'device-disconnected',
    title: { 'zh-CN': '操作中 UKEY 断开了', en: 'The token was disconnected during an operation' },
    summary: {
      'zh-CN': 'UKEY 被拔出或接触不良，正在进行的操作已中断；重新插好后再读取，PIN 操作不会被自动重做。',
      en: 'The token was pulled out or lost contact and the running operation stopped; plug it in and read again. PIN operations are never repeated automatically.',
    },
    causes: {
      'zh-CN': [
        'UKEY 被拔出、碰松，或插在不稳定的集线器上。',
        '电脑进入睡眠，USB 口被断电。',
      ],
      en: [
        'The token was pulled out or knocked loose, or sits on an unreliable hub.',
        'The PC went to sleep and cut power to the USB port.',
      ],
    },
    steps: {
      'zh-CN': [
        '把 UKEY 直接插在电脑上（台式机用背面的接口），确认插牢。',
        '在本应用里重新读取；刚才若是在修改或验证 PIN，请先查看剩余次数，确认结果后再决定是否重做。',
        '在本应用里延期时拔出 UKEY 没关系：旧证书在新证书装好前一直可用，插回后点“继续”即可；用 CA 的证书助手写入证书时，中断后按它的提示重新下载。',
        '经常断开时，换一个接口或换一台电脑，并关闭 USB 节能设置。',
      ],
      en: [
        'Plug the token straight into the PC (at the back of a desktop) and make sure it sits firmly.',
        'Read it again in this app; if you were changing or verifying the PIN, check the tries left and the result before deciding to repeat it.',
        'Unplugging during a renewal in this app does no harm: the old certificate works until the new one is installed; plug it back in and press "Continue". If a CA assistant\'s certificate download was cut, download again as it says.',
        'If it keeps dropping, try another port or PC and turn off USB power saving.',
      ],
    },
    keywords: {
      'zh-CN': ['断开', '拔出', '掉线', '连接中断', '接触不良', '睡眠'],
      en: ['disconnected', 'unplugged', 'removed', 'connection lost', 'dropped', 'sleep'],
    },
    related: ['device-busy', 'token-not-recognised'],
  },
  {
    id: 'card-absent',
    title: { 'zh-CN': '读卡器里没有卡，或芯片没有响应', en: 'No card in the reader, or the chip does not answer' },
    summary: {
      'zh-CN': '设备报告“无卡”：读卡器里的卡没插好，或者 UKEY 内部的芯片没有响应。',
      en: 'The device reports no card: the card in the reader is not seated, or the chip inside the token does not respond.',
    },
    causes: {
      'zh-CN': ['使用带卡槽的读卡器时，卡没插到底或插反了。', 'UKEY 内部芯片没有上电或已经损坏。'],
      en: ['With a card reader, the card is not pushed fully in or is upside down.', 'The chip inside the token has no power or is damaged.'],
    },
    steps: {
      'zh-CN': [
        '读卡器：把卡拔出，按读卡器上的方向标记重新插到底。',
        'UKEY：拔下后等几秒重新插上，再读取。',
        '换一个 USB 接口或换一台电脑再试。',
        '始终提示无卡时，UKEY 可能已损坏，请按“UKEY 丢失或损坏”指南处理。',
      ],
      en: [
        'Card reader: pull the card out and push it fully back in following the mark on the reader.',
        'Token: unplug it, wait a few seconds, plug it in and read again.',
        'Try another USB port or another PC.',
        'If it always reports no card, the token may be damaged: see "Lost or damaged token".',
      ],
    },
    keywords: {
      'zh-CN': ['无卡', '没有卡', '卡未插入', '读卡器', '芯片无响应'],
      en: ['no card', 'card absent', 'card removed', 'reader', 'chip not responding'],
    },
    related: ['device-disconnected', 'lost-or-damaged-token'],
  },
  {
    id: 'token-unsupported',
    title: { 'zh-CN': '本应用不能直接使用这种 UKEY', en: 'This app cannot use this key directly' },
    summary: {
      'zh-CN': '本应用用国际通用的智能卡标准（如 PIV）与 UKEY 通信；只支持厂商指令集（如国密 GM/T 0017）或浏览器打不开的 UKEY，不能在这里直接使用，但可以用它的证书记录下来。',
      en: 'This app talks to keys in international smart-card standards (such as PIV); a key that speaks only a vendor command set (such as GM/T 0017), or that the browser cannot open, cannot be used here directly — but it can be recorded by its certificate.',
    },
    causes: {
      'zh-CN': [
        'UKEY 只支持国密 GM/T 0017 等厂商指令集，不支持 PIV 等国际通用的智能卡标准。',
        'UKEY 的智能卡接口受浏览器保护（例如握奇 `163C:0407`、`163C:0417` 和华大 `1677:0025`）：普通网页打不开它，只有 ChromeOS 上的隔离网页应用可以。',
        '设备在浏览器的 USB 禁用名单上（例如 YubiKey），浏览器不让网页访问它。',
      ],
      en: [
        'The token speaks only a vendor command set such as GM/T 0017, not an international smart-card standard such as PIV.',
        'The token\'s smart-card interface is protected by the browser (e.g. Watchdata 163C:0407, 163C:0417 and HDZB 1677:0025): ordinary pages cannot open it, only the Isolated Web App on ChromeOS can.',
        'The device is on the browser\'s WebUSB blocklist (e.g. YubiKey), so pages may not reach it.',
      ],
    },
    steps: {
      'zh-CN': [
        '在添加页面或 UKEY 详情页查看本应用给出的原因和设备型号。',
        '登录门户、修改 PIN 等要用这支 UKEY 的事，继续用 CA 提供的证书助手办理。',
        '在“添加 UKEY”里用“用证书记录 UKEY”把它的证书记下来：名称、备注、到期提醒和 CA 的延期办法都会出现在“我的 UKEY”里（怎样导出证书见相关指南）。',
        '点“下载到期日历（.ics）”，把延期截止日加进 Outlook 或企业微信日历。',
      ],
      en: [
        'See the reason and model this app gives on the pairing page or the token detail page.',
        'For what needs the key itself (portal login, changing the PIN), keep using the CA\'s assistant.',
        'Under "Add a UKEY" use "Record a key by its certificate": its name, notes, deadline reminders and the CA\'s renewal route then appear in "My UKEYs" (the related guide shows how to export the certificate).',
        'Press "Download deadlines as a calendar (.ics)" to put the renewal deadlines into Outlook or the WeCom calendar.',
      ],
    },
    keywords: {
      'zh-CN': ['不支持', '暂不支持', '型号', 'TPDU', '国密', 'GM/T', 'PIV', 'YubiKey'],
      en: ['unsupported', 'not supported', 'model', 'tpdu', 'gm/t', 'piv', 'yubikey', 'blocklist'],
    },
    related: ['export-certificate', 'protected-interface', 'card-error'],
  },
  {
    id: 'card-error',
    title: { 'zh-CN': 'UKEY 返回了错误', en: 'The token returned an error' },
    summary: {
      'zh-CN': 'UKEY 拒绝或无法完成这条指令；拔插后重试一次，仍然出错时记下错误代码联系 CA。',
      en: 'The token refused or could not complete a command; replug and try once more, and if it persists note the error code for the CA.',
    },
    causes: {
      'zh-CN': ['UKEY 内部状态异常，或通信中有数据出错。', 'UKEY 不支持这项操作。', '芯片老化或损坏。'],
      en: ['The token\'s internal state is off, or data got corrupted in transit.', 'The token does not support this operation.', 'The chip is worn out or damaged.'],
    },
    steps: {
      'zh-CN': [
        '拔下 UKEY 重新插上，在本应用里重新读取后再试一次（PIN 操作请先看剩余次数）。',
        '换一个 USB 接口或另一台电脑试试。',
        '仍然出错时，记下错误提示里的状态码（例如 `6A82`）和介质序列号。',
        '把状态码和序列号告诉发证 CA 的客服。',
      ],
      en: [
        'Unplug and replug the token, read it again in this app and retry once (for PIN operations, check the tries left first).',
        'Try another USB port or PC.',
        'If the error stays, note the status code in the message (e.g. 6A82) and the token serial number.',
        'Give the code and the serial number to the issuing CA\'s support.',
      ],
    },
    contactCa: {
      'zh-CN': '同一错误在不同电脑上反复出现时，UKEY 可能需要检测或更换，请联系发证 CA。',
      en: 'If the same error keeps appearing on different PCs, the token may need checking or replacing: contact the issuing CA.',
    },
    keywords: {
      'zh-CN': ['错误', '出错', '状态码', '操作失败', '卡片错误', '指令失败'],
      en: ['error', 'failed', 'status word', 'card error', 'command failed', 'sw'],
    },
    related: ['token-unsupported', 'lost-or-damaged-token'],
  },
];
