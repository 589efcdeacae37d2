// Types of scripts/scale-workspace.mjs, for scripts/bench.ts.
export declare const REPLICA_MAX_BYTES: number;
export interface ScaleWorkspace {
  readonly dir: string;
  readonly files: number;
  readonly bytes: number;
  readonly sources: number;
}
export declare function makeScaleWorkspace(
  dir: string,
  n: number,
  options?: { readonly root?: string; readonly placeholders?: boolean },
): ScaleWorkspace;
