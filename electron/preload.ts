import { contextBridge, ipcRenderer } from 'electron';
import { API_METHODS, APP_COMMANDS, CHANNELS, channelOf, type AppCommand } from '../shared/api/methods';

/**
 * The only door from the page to the main process: one frozen object of named methods, each
 * bound to its own channel. There is no generic invoke and no ipcRenderer on the page.
 */
const groups: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
for (const method of API_METHODS) {
  const [group, name] = method.split('.') as [string, string];
  const channel = channelOf(method);
  (groups[group] ??= {})[name] = (input?: unknown) => ipcRenderer.invoke(channel, input ?? {});
}

const bridge = {
  ...groups,
  app: {
    /** Menu commands (new article, save, find, language) for the page to carry out. */
    onCommand(listener: (command: AppCommand) => void): () => void {
      const handler = (_event: unknown, command: unknown) => {
        if ((APP_COMMANDS as readonly unknown[]).includes(command)) listener(command as AppCommand);
      };
      ipcRenderer.on(CHANNELS.command, handler);
      return () => ipcRenderer.removeListener(CHANNELS.command, handler);
    },
    /** The window is closing: the page saves what is pending, then the window closes. */
    onBeforeClose(listener: () => Promise<void>): void {
      ipcRenderer.on(CHANNELS.beforeClose, () => {
        void listener()
          .catch(() => undefined)
          .finally(() => ipcRenderer.send(CHANNELS.readyToClose));
      });
    },
  },
};

const deepFreeze = <T extends object>(value: T): T => {
  for (const inner of Object.values(value)) if (inner && typeof inner === 'object') deepFreeze(inner as object);
  return Object.freeze(value);
};

contextBridge.exposeInMainWorld('banmian', deepFreeze(bridge));
