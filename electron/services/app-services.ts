import type { i18n } from 'i18next';
import type { Handlers } from '../../shared/api/contract';
import type { Result } from '../../shared/api/errors';
import type { Language } from '../../shared/i18n/languages';
import { createI18n } from '../../shared/i18n/setup';
import { Archive, type ArchiveOptions } from '../archive/archive';
import { seedDemo } from '../archive/demo';
import { dispatch } from './dispatch';
import { createHandlers } from './handlers';
import { Exporter } from '../export/exporter';
import { chromiumPrinter, findChromium, type PdfPrinter } from '../export/pdf';

export interface AppServicesOptions extends ArchiveOptions {
  /** Seed a new archive with the demo edition (default true). */
  demo?: boolean;
  /** Prints exported pages to PDF: Electron's own in the app, a system Chromium elsewhere. */
  pdfPrinter?: () => Promise<PdfPrinter>;
}

/**
 * Everything the app, the browser host and the command line share: the archive, the handler
 * table and the translated boundary. Each front end opens one of these and serves `call`.
 */
export class AppServices {
  readonly archive: Archive;
  readonly handlers: Handlers;
  readonly exporter: Exporter;
  private translations: i18n;
  private readonly languageListeners = new Set<(language: Language) => void>();

  private constructor(archive: Archive, options: AppServicesOptions) {
    this.archive = archive;
    this.translations = createI18n(archive.settings().language);
    this.exporter = new Exporter(archive, () => this.translations, options.pdfPrinter ?? (async () => chromiumPrinter(findChromium())));
    const handlers = createHandlers(archive, () => this.translations, this.exporter);
    const setSettings = handlers['settings.set'];
    // A language change also retranslates main-side messages and menus.
    handlers['settings.set'] = (patch) => {
      const settings = setSettings(patch) as ReturnType<Archive['settings']>;
      this.setLanguage(settings.language);
      return settings;
    };
    this.handlers = handlers;
  }

  static open(dir: string, options: AppServicesOptions = {}): AppServices {
    const archive = Archive.open(dir, options);
    if (archive.created && options.demo !== false) seedDemo(archive);
    return new AppServices(archive, options);
  }

  get i18n(): i18n {
    return this.translations;
  }

  call(method: unknown, input: unknown): Promise<Result<unknown>> {
    return dispatch(this.handlers, () => this.translations, method, input);
  }

  onLanguageChange(listener: (language: Language) => void): () => void {
    this.languageListeners.add(listener);
    return () => this.languageListeners.delete(listener);
  }

  private setLanguage(language: Language): void {
    if (this.translations.language === language) return;
    this.translations = createI18n(language);
    for (const listener of this.languageListeners) listener(language);
  }

  close(): void {
    void this.exporter.close();
    this.archive.close();
  }
}
