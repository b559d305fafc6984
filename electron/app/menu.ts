import type { MenuItemConstructorOptions } from 'electron';
import type { i18n } from 'i18next';
import type { AppCommand } from '../../shared/api/methods';
import { LANGUAGES } from '../../shared/i18n/languages';

export interface MenuActions {
  command(command: AppCommand): void;
  about(): void;
  /** A desktop file dialog, then the import, then a report: the page cannot open a file chooser unasked. */
  importPages(): void;
  /** Another window on the same archive: the layout desk beside the story desk. */
  newWindow(): void;
  /** The folder exported pages are written to, in the desktop's file manager. */
  openExports(): void;
  isMac: boolean;
  isPackaged: boolean;
}

/**
 * The application menu in the archive's language. New, Save, Find and Replace show their
 * shortcuts but leave the keys to the page (registerAccelerator: false), so the app and the browser handle
 * them on one path; the menu items send the same commands.
 */
export function menuTemplate(i18n: i18n, actions: MenuActions): MenuItemConstructorOptions[] {
  const t = i18n.t.bind(i18n);
  const command = (c: AppCommand) => () => actions.command(c);
  const template: MenuItemConstructorOptions[] = [];
  if (actions.isMac) template.push({ role: 'appMenu' });
  template.push(
    {
      label: t('menu:file'),
      submenu: [
        { label: t('menu:newArticle'), accelerator: 'CmdOrCtrl+N', registerAccelerator: false, click: command('new-article') },
        { label: t('menu:save'), accelerator: 'CmdOrCtrl+S', registerAccelerator: false, click: command('save') },
        { label: t('menu:newWindow'), accelerator: 'CmdOrCtrl+Shift+N', click: () => actions.newWindow() },
        { label: t('menu:showDesk'), click: command('show-desk') },
        { label: t('menu:importPages'), click: () => actions.importPages() },
        { label: t('menu:openExports'), click: () => actions.openExports() },
        { type: 'separator' },
        { label: t('menu:close'), role: 'close' },
        ...(actions.isMac ? [] : [{ label: t('menu:quit'), role: 'quit' } as const]),
      ],
    },
    {
      label: t('menu:edit'),
      submenu: [
        { label: t('menu:undo'), role: 'undo' },
        { label: t('menu:redo'), role: 'redo' },
        { type: 'separator' },
        { label: t('menu:cut'), role: 'cut' },
        { label: t('menu:copy'), role: 'copy' },
        { label: t('menu:paste'), role: 'paste' },
        { label: t('menu:selectAll'), role: 'selectAll' },
        { type: 'separator' },
        { label: t('menu:findInStory'), accelerator: 'CmdOrCtrl+F', registerAccelerator: false, click: command('find-in-story') },
        {
          label: t('menu:replaceInStory'),
          // Cmd+H hides the app on macOS; its editors replace with Cmd+Option+F.
          accelerator: actions.isMac ? 'Cmd+Alt+F' : 'Ctrl+H',
          registerAccelerator: false,
          click: command('replace-in-story'),
        },
        { label: t('menu:searchArchive'), accelerator: 'CmdOrCtrl+Shift+F', registerAccelerator: false, click: command('find') },
      ],
    },
    {
      label: t('menu:view'),
      submenu: [
        { label: t('menu:zoomIn'), role: 'zoomIn' },
        { label: t('menu:zoomOut'), role: 'zoomOut' },
        { label: t('menu:resetZoom'), role: 'resetZoom' },
        { type: 'separator' },
        { label: t('menu:fullscreen'), role: 'togglefullscreen' },
        {
          label: t('menu:language'),
          submenu: LANGUAGES.map((language) => ({
            label: t(`common:languages.${language}`),
            type: 'radio' as const,
            checked: i18n.language === language,
            click: command(`language:${language}`),
          })),
        },
        ...(actions.isPackaged
          ? []
          : [
              { type: 'separator' } as const,
              { label: t('menu:reload'), role: 'reload' } as const,
              { label: t('menu:devtools'), role: 'toggleDevTools' } as const,
            ]),
      ],
    },
    {
      label: t('menu:help'),
      role: 'help',
      submenu: [{ label: t('menu:about'), click: () => actions.about() }],
    },
  );
  return template;
}
