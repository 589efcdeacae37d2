import type { ParsedFile } from './parse';
import { Workspace } from './model/workspace';
import { configOfIniFile, configsOfContainer, type ComponentConfig } from './model/config';

export interface AnalysisOptions {
  /** Days before expiry at which certificates are reported (default 30). */
  readonly expiryWarningDays?: number;
  /** The clock, for validity checks; tests pin it. */
  readonly now?: Date;
}

/**
 * Everything a rule can read: the parsed files, the workspace model and derived views
 * (component configurations), each computed once per analysis.
 */
export class Analysis {
  readonly ws: Workspace;
  private configsCache: ComponentConfig[] | undefined;
  private readonly byUri: ReadonlyMap<string, ParsedFile>;

  constructor(
    readonly files: readonly ParsedFile[],
    readonly options: AnalysisOptions = {},
  ) {
    this.ws = new Workspace(files);
    this.byUri = new Map(files.map((f) => [f.uri, f]));
  }

  /** Every Felix and Typha configuration: one per container role, one per felix/typha .cfg file. */
  get configs(): readonly ComponentConfig[] {
    if (!this.configsCache) {
      const out: ComponentConfig[] = [];
      for (const c of this.ws.containers) out.push(...configsOfContainer(this.ws, c));
      for (const f of this.files) {
        const cfg = configOfIniFile(f);
        if (cfg) out.push(cfg);
      }
      this.configsCache = out;
    }
    return this.configsCache;
  }

  file(uri: string): ParsedFile | undefined {
    return this.byUri.get(uri);
  }
}
