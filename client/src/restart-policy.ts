/**
 * What the client does when the language server dies: restart it, up to a limit within a
 * window (a server that crashes in a loop is given up on), and tell the user once rather than
 * on every restart. Kept free of the vscode module so it can be unit-tested: the messages are
 * passed in (lsp-client.ts passes them through vscode.l10n.t; the English defaults here are the
 * same words, test/l10n.test.ts).
 */
export interface RestartDecision {
  readonly restart: boolean;
  /** Shown to the user; undefined when they were already told. */
  readonly message: string | undefined;
}

/** What the user is told, translated by the caller. */
export interface RestartMessages {
  /** The server stopped and was restarted. */
  restarted(): string;
  /** The server crashed `max` times within `minutes` minutes and is given up on. */
  gaveUp(max: number, minutes: number): string;
}

export const ENGLISH_RESTART_MESSAGES: RestartMessages = {
  restarted: () =>
    'Calico TLS: the language server stopped unexpectedly and was restarted (details in the "Calico TLS" output).',
  gaveUp: (max, minutes) =>
    `Calico TLS: the language server crashed ${max} times in ${minutes} minutes and was not restarted. ` +
    'See the "Calico TLS" output; run "Calico TLS: Restart server" to try again.',
};

export class RestartPolicy {
  private readonly times: number[] = [];
  private told = false;

  constructor(
    private readonly max = 5,
    private readonly windowMs = 3 * 60_000,
    private readonly now: () => number = Date.now,
    private readonly messages: RestartMessages = ENGLISH_RESTART_MESSAGES,
  ) {}

  onClosed(): RestartDecision {
    const t = this.now();
    while (this.times.length && t - this.times[0]! > this.windowMs) this.times.shift();
    this.times.push(t);
    if (this.times.length > this.max) {
      return {
        restart: false,
        message: this.messages.gaveUp(this.max, Math.round(this.windowMs / 60_000)),
      };
    }
    const message = this.told ? undefined : this.messages.restarted();
    this.told = true;
    return { restart: true, message };
  }
}
