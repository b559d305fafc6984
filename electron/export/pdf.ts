import { existsSync } from 'node:fs';

/**
 * PDFs of exported pages. The app prints with Electron's own Chromium (electron/app/pdf.ts);
 * the command line and the browser host with a headless Chromium found on the system. Either
 * way the page's CSS size is the PDF's page size.
 */
export interface PdfPrinter {
  print(html: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

export class PdfUnavailableError extends Error {}

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
];

/** The Chromium to print with: the one named, BANMIAN_CHROMIUM or CHROMIUM_PATH, or one found. */
export function findChromium(named?: string, env: NodeJS.ProcessEnv = process.env): string {
  const wanted = named ?? env.BANMIAN_CHROMIUM ?? env.CHROMIUM_PATH;
  if (wanted) {
    if (!existsSync(wanted)) throw new PdfUnavailableError(`${wanted}: not found`);
    return wanted;
  }
  const found = CANDIDATES.find((c) => existsSync(c));
  if (!found) throw new PdfUnavailableError('no Chromium or Chrome found; name one with --chromium or BANMIAN_CHROMIUM');
  return found;
}

/** A headless Chromium that prints HTML to PDF, refusing every request the page might make. */
export async function chromiumPrinter(executable: string): Promise<PdfPrinter> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: executable,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
  await context.route('**/*', (route) => route.abort());
  // One tab for every page of an export: a new tab per page costs as much as the printing.
  const page = await context.newPage();
  let queue: Promise<unknown> = Promise.resolve();
  return {
    print(html) {
      const printed = queue.then(async () => {
        await page.setContent(html, { waitUntil: 'load' });
        return page.pdf({ preferCSSPageSize: true, printBackground: true });
      });
      queue = printed.catch(() => undefined);
      return printed;
    },
    async close() {
      await browser.close();
    },
  };
}
