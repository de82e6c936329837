import type { Guide } from '../guide-types';

/** Why a browser may not reach a token (DESIGN.md §3): protected USB classes, OS drivers, Linux permissions. */
export const BROWSER_ACCESS_GUIDES: readonly Guide[] = [
  {
    id: 'protected-interface',
    title: {
      'zh-CN': '浏览器保护了智能卡接口，网页无法直接使用这支 UKEY',
      en: 'The browser protects the smart-card interface, so a web page cannot use this token directly',
    },
    summary: {
      'zh-CN': 'Chrome 和 Edge 不允许普通网页占用智能卡、HID 和存储类 USB 接口；标准智能卡类的 UKEY 在普通网页里用不了，厂商自定义接口的 UKEY 可以。',
      en: 'Chrome and Edge do not let ordinary pages claim smart-card, HID or mass-storage USB interfaces; a token with a standard smart-card interface cannot be used from a page, one with a vendor-specific interface can.',
    },
    causes: {
      'zh-CN': [
        '出于安全考虑，浏览器拒绝网页占用以下类别的 USB 接口：智能卡（类别号 `0x0B`）、HID（`0x03`）、大容量存储（`0x08`）。',
        '这支 UKEY 以标准智能卡类（`0x0B`）出现，所以在 Windows、macOS、Linux 上的普通网页或安装到桌面的本应用中都会被拒绝。',
        '能访问这类接口的只有特殊环境：ChromeOS 上 Chrome 128 及以上、获得了不受限 USB 权限的隔离网页应用，以及 Chrome 应用和智能卡连接器扩展。',
      ],
      en: [
        'For safety the browser refuses to let pages claim USB interfaces of these classes: smart card (0x0B), HID (0x03), mass storage (0x08).',
        'This token presents a standard smart-card (CCID, class 0x0B) interface, so an ordinary page or installed PWA on Windows, macOS or Linux is refused.',
        'Only special contexts can reach such interfaces: Isolated Web Apps that declare the usb-unrestricted permission on ChromeOS with Chrome 128 or later, Chrome Apps, and the Smart Card Connector.',
      ],
    },
    steps: {
      'zh-CN': [
        '看添加页面的说明：本应用会列出这支 UKEY 的接口类别，并说明是哪条规则拦住了它。',
        '厂商自定义接口（`0xFF`）的 UKEY 不受这条限制，可以直接添加使用；HID 类“免驱”UKEY 会改用浏览器的 HID 连接访问。',
        '如果单位使用 ChromeOS，可以请管理员部署本应用的隔离网页应用版本（需要 Chrome 128 及以上并授予不受限 USB 权限）。',
        '在 Windows 上，暂时仍需用 CA 自带的证书助手办理该 UKEY 的业务；本应用可以离线查看缓存的证书信息和指南。',
        '不要为了绕过限制去随意更换系统驱动，先读“Windows 驱动占用设备”指南。',
      ],
      en: [
        'Read the note on the pairing page: this app names the token\'s interface class and the rule that blocked it.',
        'Tokens with a vendor-specific interface (class 0xFF) are not affected and pair normally; driver-free HID tokens are reached through WebHID instead.',
        'If your office uses ChromeOS, an administrator can deploy this app as an Isolated Web App (Chrome 128 or later, with the usb-unrestricted permission).',
        'On Windows, keep using the CA\'s own assistant for this token for now; this app still shows cached certificate data and the guides offline.',
        'Do not swap system drivers to get around the rule; read "Windows driver holds the device" first.',
      ],
    },
    keywords: {
      'zh-CN': ['受保护', '保护的接口', '智能卡接口', 'SecurityError', '接口类别', '0x0B', 'CCID', '无法占用', '隔离网页应用'],
      en: ['protected class', 'protected interface', 'smart card class', 'SecurityError', 'claimInterface', '0x0b', 'ccid', 'isolated web app', 'usb-unrestricted'],
    },
    related: ['windows-driver-winusb', 'browser-versions', 'token-unsupported', 'token-not-recognised'],
  },
  {
    id: 'windows-driver-winusb',
    title: { 'zh-CN': 'Windows 上系统或厂商驱动占用了 UKEY', en: 'On Windows a system or vendor driver holds the token' },
    summary: {
      'zh-CN': 'Windows 上浏览器只能打开使用 WinUSB 驱动的 USB 接口；被系统智能卡驱动或厂商驱动占用时，本应用打不开它。',
      en: 'On Windows the browser can only open USB interfaces that use the WinUSB driver; when the system smart-card driver or a vendor driver owns it, this app cannot open it.',
    },
    causes: {
      'zh-CN': [
        'Windows 为 UKEY 自动加载了系统智能卡驱动（`usbccid.sys`）或 CA 安装的厂商驱动。',
        '一个 USB 接口同一时间只能由一个驱动控制，浏览器需要的是 WinUSB。',
      ],
      en: [
        'Windows loaded its smart-card driver (usbccid.sys) or the vendor driver installed by the CA for the token.',
        'A USB interface is controlled by one driver at a time, and the browser needs WinUSB.',
      ],
    },
    steps: {
      'zh-CN': [
        '先关闭证书助手、i信等 CA 工具，拔插 UKEY 后重新添加；有些 UKEY 只是被程序占用，并不是驱动问题。',
        '仍然打不开时，说明接口被驱动占用。请不要自己用驱动替换工具（如 Zadig 一类）把驱动改成 WinUSB：改完后 CA 的证书助手和门户的签名控件就认不出这支 UKEY 了。',
        '只有在单位 IT 同意、且这台电脑只用本应用办理该 UKEY 业务时，才考虑由 IT 更换驱动，并记录原来的驱动名称。',
        '需要恢复时：在“设备管理器”里找到该设备，选择“卸载设备”并勾选删除驱动程序，拔插 UKEY 后重新安装 CA 的驱动。',
        '其余情况请继续使用 CA 的证书助手；本应用仍可离线查看缓存的证书和指南。',
      ],
      en: [
        'First close the CA tools (certificate assistant, i信 and the like), replug the token and pair again; sometimes a program, not a driver, holds it.',
        'If it still cannot be opened, a driver owns the interface. Do not replace the driver with WinUSB yourself using a driver-swap tool (Zadig and the like): afterwards the CA\'s assistant and the portal\'s signing plug-in no longer see the token.',
        'Only with your IT department\'s consent, and on a PC that uses only this app for that token, should IT switch the driver, noting the original driver name.',
        'To undo it: in Device Manager find the device, choose "Uninstall device" with "delete the driver" ticked, replug the token and reinstall the CA\'s driver.',
        'Otherwise keep using the CA\'s assistant; this app still shows cached certificates and guides offline.',
      ],
    },
    keywords: {
      'zh-CN': ['驱动', 'WinUSB', '设备管理器', 'Zadig', 'usbccid', '被占用', 'Windows'],
      en: ['driver', 'winusb', 'device manager', 'zadig', 'usbccid', 'access denied', 'windows'],
    },
    related: ['device-busy', 'protected-interface', 'token-not-recognised'],
  },
  {
    id: 'linux-udev',
    title: { 'zh-CN': 'Linux 上没有权限访问 UKEY：添加 udev 规则', en: 'No permission for the token on Linux: add a udev rule' },
    summary: {
      'zh-CN': 'Linux 默认只有管理员（`root`）能直接读写 USB 设备；为这支 UKEY 加一条 udev 规则，让 `plugdev` 组的用户可以访问。',
      en: 'On Linux only root may open USB devices by default; add a udev rule for the token so members of the plugdev group can use it.',
    },
    causes: {
      'zh-CN': [
        'USB 设备文件的权限不允许当前用户读写，浏览器添加时会提示“拒绝访问”。',
        '系统的智能卡服务（`pcscd`）已经占用了这支 UKEY。',
      ],
      en: [
        'The USB device node does not allow the current user to read and write it, so pairing reports access denied.',
        'The pcscd smart-card service already holds the token.',
      ],
    },
    steps: {
      'zh-CN': [
        '在终端运行 `lsusb`，找到 UKEY 那一行 `ID` 后面的两组编号（厂商号和产品号，中间用冒号隔开），例如 `096e:0807`。',
        '新建文件 `/etc/udev/rules.d/70-ukey.rules`，写入一行（把两个号码换成你的）：`SUBSYSTEM=="usb", ATTRS{idVendor}=="096e", ATTRS{idProduct}=="0807", MODE="0660", GROUP="plugdev"`',
        '运行 `sudo udevadm control --reload-rules` 和 `sudo udevadm trigger` 让规则生效。',
        '把自己加入 `plugdev` 组：`sudo usermod -aG plugdev $USER`，然后注销再登录。',
        '如果装了智能卡服务 `pcscd` 且正在运行，先停止它（`sudo systemctl stop pcscd.socket pcscd`），再拔插 UKEY，回到本应用重新添加。',
      ],
      en: [
        'Run lsusb in a terminal and find the token\'s "ID vendor:product", for example 096e:0807.',
        'Create /etc/udev/rules.d/70-ukey.rules with one line (use your own numbers): SUBSYSTEM=="usb", ATTRS{idVendor}=="096e", ATTRS{idProduct}=="0807", MODE="0660", GROUP="plugdev"',
        'Run sudo udevadm control --reload-rules and sudo udevadm trigger to apply it.',
        'Add yourself to the plugdev group: sudo usermod -aG plugdev $USER, then log out and back in.',
        'If pcscd is installed and running, stop it (sudo systemctl stop pcscd.socket pcscd), replug the token and pair again in this app.',
      ],
    },
    keywords: {
      'zh-CN': ['udev', 'Linux', '权限', '拒绝访问', 'plugdev', 'lsusb', 'pcscd', '规则'],
      en: ['udev', 'linux', 'permission', 'access denied', 'plugdev', 'lsusb', 'pcscd', 'rules'],
    },
    related: ['device-busy', 'no-device-chosen', 'token-not-recognised'],
  },
];
