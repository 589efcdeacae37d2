/**
 * Progress of a long `lint` on stderr (issue #21 item 5): what is being done and a count, on one
 * line rewritten in place on a terminal. Shown only for runs over a second (sooner would flicker
 * on every small run), only when stylish output goes to a terminal, or when asked with
 * `--progress` (then, to a file or pipe, one line per second); `--no-progress` turns it off.
 * Cleared before the results are printed, so the output is the same with and without it.
 */
import type { Io } from './io';

/** How long a run goes before progress shows; CALICO_TLS_PROGRESS_DELAY_MS overrides it (tests). */
const DEFAULT_DELAY_MS = 1000;

export class Progress {
  private readonly start = performance.now();
  private last = -Infinity;
  private shown = false;

  constructor(
    private readonly io: Io,
    private readonly enabled: boolean,
    private readonly delayMs = Number(io.env.CALICO_TLS_PROGRESS_DELAY_MS ?? DEFAULT_DELAY_MS),
  ) {}

  /** Says `text` (already localized) if the run is long enough, at most every 100 ms (1 s off a terminal). */
  update(text: () => string): void {
    if (!this.enabled || !this.io.progress) return;
    const now = performance.now();
    if (now - this.start < this.delayMs || now - this.last < (this.io.progress.terminal ? 100 : 1000)) return;
    this.last = now;
    this.shown = true;
    this.io.progress.write(text());
  }

  /** Removes the progress line (a terminal's; lines already written to a file stay). */
  clear(): void {
    if (this.shown) this.io.progress?.clear();
    this.shown = false;
  }
}
