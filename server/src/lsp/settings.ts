/**
 * The `calicoTls.*` settings as the server receives them (workspace/configuration, the
 * didChangeConfiguration payload or initializationOptions): checked field by field, so a
 * malformed value falls back to its default instead of breaking analysis.
 */
import type { SeverityOrOff } from '../engine';
import type { Concurrency } from '../parallel/pool';

export interface Settings {
  enable: boolean;
  rules: Record<string, SeverityOrOff>;
  exclude: string[];
  include: string[];
  expiryWarningDays: number;
  /** Threads for a large workspace's first results: 'auto' (the cores), 'off', or a count. */
  concurrency: Concurrency;
}

export const DEFAULT_EXPIRY_WARNING_DAYS = 30;

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  rules: {},
  exclude: [],
  include: [],
  expiryWarningDays: DEFAULT_EXPIRY_WARNING_DAYS,
  concurrency: 'auto',
};

const SEVERITIES: ReadonlySet<string> = new Set(['error', 'warning', 'info', 'off']);

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : [];
}

/** Settings from whatever the client sent; unknown rule ids are kept (harmless), bad severities dropped. */
export function readSettings(raw: unknown): Settings {
  const o = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const rules: Record<string, SeverityOrOff> = {};
  if (o.rules && typeof o.rules === 'object' && !Array.isArray(o.rules)) {
    for (const [k, v] of Object.entries(o.rules as Record<string, unknown>))
      if (typeof v === 'string' && SEVERITIES.has(v)) rules[k] = v as SeverityOrOff;
  }
  const days = o.expiryWarningDays;
  return {
    enable: typeof o.enable === 'boolean' ? o.enable : DEFAULT_SETTINGS.enable,
    rules,
    exclude: strings(o.exclude),
    include: strings(o.include),
    expiryWarningDays:
      typeof days === 'number' && Number.isFinite(days) && days >= 0 ? days : DEFAULT_EXPIRY_WARNING_DAYS,
    concurrency: concurrencyOf(o.concurrency),
  };
}

function concurrencyOf(v: unknown): Concurrency {
  if (v === 'off' || v === 'auto') return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) v = Number(v);
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 64) return v === 0 ? 'off' : v;
  return 'auto';
}

/**
 * Expiry warning days: an explicit user setting wins over `.calico-tls.yaml`. The client always
 * reports the setting's default (30) when the user never set it, so only a non-default value
 * counts as explicit; otherwise the project file decides.
 */
export function effectiveExpiryDays(settings: Settings, projectDays: number | undefined): number {
  if (settings.expiryWarningDays !== DEFAULT_EXPIRY_WARNING_DAYS) return settings.expiryWarningDays;
  return projectDays ?? DEFAULT_EXPIRY_WARNING_DAYS;
}

/** `calicoTls` section out of a didChangeConfiguration payload ({calicoTls: {...}} or the section itself). */
export function sectionOf(payload: unknown): unknown {
  if (!payload || typeof payload !== 'object') return undefined;
  const o = payload as Record<string, unknown>;
  return 'calicoTls' in o ? o.calicoTls : undefined;
}
