/**
 * What the client does when the language server dies: restart it, up to a limit within a
 * window (a server that crashes in a loop is given up on), and tell the user once rather than
 * on every restart. Kept free of the vscode module so it can be unit-tested.
 */
export interface RestartDecision {
  readonly restart: boolean;
  /** Shown to the user; undefined when they were already told. */
  readonly message: string | undefined;
}

export class RestartPolicy {
  private readonly times: number[] = [];
  private told = false;

  constructor(
    private readonly max = 5,
    private readonly windowMs = 3 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  onClosed(): RestartDecision {
    const t = this.now();
    while (this.times.length && t - this.times[0]! > this.windowMs) this.times.shift();
    this.times.push(t);
    if (this.times.length > this.max) {
      return {
        restart: false,
        message:
          `Calico TLS: the language server crashed ${this.max} times in ` +
          `${Math.round(this.windowMs / 60_000)} minutes and was not restarted. See the "Calico ` +
          `TLS" output; run "Calico TLS: Restart server" to try again.`,
      };
    }
    const message = this.told
      ? undefined
      : 'Calico TLS: the language server stopped unexpectedly and was restarted (details in the "Calico TLS" output).';
    this.told = true;
    return { restart: true, message };
  }
}
