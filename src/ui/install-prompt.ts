import { useEffect, useState } from 'preact/hooks';

/**
 * The browser's install offer (the non-standard `beforeinstallprompt` event of Chromium, WICG manifest
 * incubations §"Installation prompts"): kept when it fires so an in-app "安装" button can show it on a click
 * (issue 8 §1). Where the browser never offers it, no button is shown.
 */
interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

let offered: InstallPromptEvent | null = null;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

/** Called once from main.tsx, before the event can fire. */
export function listenForInstallOffer(): void {
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault(); // keep the offer for our button instead of the browser's mini-bar
    offered = event as InstallPromptEvent;
    notify();
  });
  window.addEventListener('appinstalled', () => {
    offered = null;
    notify();
  });
}

/** Whether an install offer is pending, and the click handler that shows it (an offer can be used once). */
export function useInstallOffer(): { available: boolean; install: () => Promise<void> } {
  const [available, setAvailable] = useState(offered !== null);
  useEffect(() => {
    const update = () => setAvailable(offered !== null);
    listeners.add(update);
    update();
    return () => void listeners.delete(update);
  }, []);
  const install = async () => {
    const event = offered;
    if (!event) return;
    offered = null;
    notify();
    await event.prompt();
    await event.userChoice;
  };
  return { available, install };
}
