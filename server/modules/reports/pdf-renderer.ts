import { existsSync } from 'node:fs'
import type { Browser } from 'playwright-core'

// HTML → PDF (and PNG of the first screen) with headless Chromium through playwright-core. One browser at a time,
// launched on the first request and closed after it has been idle for `idleMs`; renders queue one after another
// (a report is a few pages: seconds, and a second Chromium would only double the memory). When Chromium is not
// installed (CHROMIUM_PATH, default /usr/bin/chromium) or cannot start, render() throws PdfUnavailable, which the
// routes answer with 503 while the HTML reports keep working.

export class PdfUnavailable extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PdfUnavailable'
  }
}

export interface PdfRendererOptions {
  executablePath?: string
  /** close the browser after this long without a render (default 60 s) */
  idleMs?: number
  /** one render may take at most this long (default 60 s) */
  timeoutMs?: number
}

export class PdfRenderer {
  readonly executablePath: string
  private readonly idleMs: number
  private readonly timeoutMs: number
  private browser: Promise<Browser> | null = null
  private queue: Promise<unknown> = Promise.resolve()
  private idleTimer: NodeJS.Timeout | null = null
  private closed = false

  constructor(o: PdfRendererOptions = {}) {
    this.executablePath = o.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
    this.idleMs = o.idleMs ?? 60_000
    this.timeoutMs = o.timeoutMs ?? 60_000
  }

  /** Whether the Chromium executable is present (a launch may still fail). */
  available(): boolean {
    return existsSync(this.executablePath)
  }

  /** Whether a browser is running now (tests check the idle close). */
  get running(): boolean {
    return this.browser !== null
  }

  private launch(): Promise<Browser> {
    if (!this.available())
      return Promise.reject(
        new PdfUnavailable(`Chromium is not installed at ${this.executablePath} (set CHROMIUM_PATH)`),
      )
    return import('playwright-core')
      .then(({ chromium }) =>
        chromium.launch({
          executablePath: this.executablePath,
          args: ['--no-sandbox', '--disable-background-networking'],
        }),
      )
      .catch((err: unknown) => {
        throw err instanceof PdfUnavailable
          ? err
          : new PdfUnavailable(`Chromium could not start: ${(err as Error)?.message ?? String(err)}`)
      })
  }

  /** Runs fn on a fresh page of the shared browser, one render at a time. */
  private run<T>(fn: (b: Browser) => Promise<T>): Promise<T> {
    const job = this.queue.then(async () => {
      if (this.closed) throw new PdfUnavailable('the PDF renderer is shut down')
      if (this.idleTimer) clearTimeout(this.idleTimer)
      this.idleTimer = null
      if (!this.browser) {
        const b = this.launch()
        this.browser = b
        b.then(
          // a crashed or killed browser is launched again on the next render
          (x) => x.on('disconnected', () => void (this.browser === b && (this.browser = null))),
          () => void (this.browser === b && (this.browser = null)),
        )
      }
      const browser = await this.browser
      try {
        return await fn(browser)
      } finally {
        this.armIdle()
      }
    })
    this.queue = job.catch(() => undefined)
    return job
  }

  private armIdle() {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null
      this.queue = this.queue.then(() => this.closeBrowser())
    }, this.idleMs)
    this.idleTimer.unref()
  }

  private async closeBrowser() {
    const b = this.browser
    this.browser = null
    if (b) await b.then((x) => x.close()).catch(() => undefined)
  }

  /** The HTML as an A4 PDF (backgrounds printed). The HTML must be self-contained (no network is used). */
  pdf(html: string): Promise<Buffer> {
    return this.run(async (browser) => {
      const page = await browser.newPage()
      try {
        page.setDefaultTimeout(this.timeoutMs)
        await page.route('**/*', (route) => route.abort())
        await page.setContent(html, { waitUntil: 'load' })
        await page.evaluate(() => document.fonts.ready.then(() => true))
        return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true })
      } finally {
        await page.close().catch(() => undefined)
      }
    })
  }

  /** A PNG of the top of the page as a screen shows it (for checking the layout). */
  screenshot(html: string, o: { width?: number; height?: number; fullPage?: boolean } = {}): Promise<Buffer> {
    return this.run(async (browser) => {
      const page = await browser.newPage({ viewport: { width: o.width ?? 900, height: o.height ?? 1270 } })
      try {
        page.setDefaultTimeout(this.timeoutMs)
        await page.route('**/*', (route) => route.abort())
        await page.setContent(html, { waitUntil: 'load' })
        await page.evaluate(() => document.fonts.ready.then(() => true))
        return await page.screenshot({ fullPage: o.fullPage ?? false })
      } finally {
        await page.close().catch(() => undefined)
      }
    })
  }

  /** Closes the browser now; later renders are refused. */
  async close(): Promise<void> {
    this.closed = true
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
    await this.queue
    await this.closeBrowser()
  }
}
