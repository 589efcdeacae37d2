import { baseName, templateSuffix, type ParsedFile } from '../parse';
import { parseIni } from '../parse/ini';
import { blockOffsets } from '../parse/block';
import type { Span } from '../types';
import {
  envParamName,
  lookupParam,
  suggestParams,
  type Component,
  type Param,
  type Suggestion,
} from '../calico/params';
import type { Container, EnvEntry } from './workloads';
import { known, NONE_AS_WRITTEN, unknown, type AsWritten, type Resolved } from './resolve';
import type { Workspace } from './workspace';
import { m, type Label } from '../l10n/messages';

/** One parameter as written: an env var of a container or a key of felix.cfg/typha.cfg. */
export interface Setting {
  /** The parameter it names; undefined when Calico does not know the name (it ignores it). */
  readonly param: Param | undefined;
  readonly rawName: string;
  /** The lower-cased parameter name Calico derives (after the prefix for env vars). */
  readonly key: string;
  readonly nameSpan: Span;
  readonly value: Resolved<string>;
  readonly valueSpan: Span | undefined;
  readonly entry: EnvEntry | undefined;
  readonly source: 'env' | 'envFrom' | 'file';
}

/** The configuration one Felix or Typha process gets from one place (a container or a file). */
export interface ComponentConfig {
  readonly component: Component;
  readonly container: Container | undefined;
  readonly file: ParsedFile | undefined;
  readonly settings: readonly Setting[];
  /** The setting Calico uses for each known parameter (lower-case canonical name). */
  readonly effective: ReadonlyMap<string, Setting>;
  /** Why parameters not written here may still be set (envFrom or config file not in the workspace). */
  readonly unknownSources: readonly string[];
  /**
   * Settings Calico ignores whose name is a near-miss of a TLS or datastore parameter
   * (`FELIX_TYPHA_CAFILE`, `FELIX_CLIENTCN`), with the parameters they most likely mean.
   */
  readonly nearMisses: ReadonlyArray<{ readonly setting: Setting; readonly meant: readonly Suggestion[] }>;
  /**
   * The parameters (lower-case) a near-miss stands for. Calico does not see them, but the user
   * meant to set them: `paramState` calls them unknown, not unset, so the rules about what an
   * unset parameter does stay silent and the near-miss is the one finding (analyze.ts folds
   * what they would have said into it). A near-miss taken as written (`AsWritten`) is not here.
   */
  readonly nearMissed: ReadonlySet<string>;
  /** Where to report a finding about the configuration as a whole. */
  readonly anchor: Span;
  /** e.g. "container 'calico-node' (DaemonSet kube-system/calico-node)" (a message), "felix.cfg". */
  readonly label: Label;
}

export type SetState = 'set' | 'unset' | 'unknown';

/**
 * Whether Calico ends up with a non-empty value. An empty value is skipped and `none` sets
 * the zero value, i.e. "" for every string/file parameter (CAL felix/config/config_params.go
 * UpdateFrom / resolve).
 */
export function paramState(cfg: ComponentConfig, name: string): SetState {
  const s = cfg.effective.get(name.toLowerCase());
  if (!s) return cfg.unknownSources.length || cfg.nearMissed.has(name.toLowerCase()) ? 'unknown' : 'unset';
  if (s.value.state !== 'known') return s.value.state === 'unknown' ? 'unknown' : 'unset';
  const v = s.value.value.trim();
  return v === '' || v.toLowerCase() === 'none' ? 'unset' : 'set';
}

export function paramValue(cfg: ComponentConfig, name: string): string | undefined {
  const s = cfg.effective.get(name.toLowerCase());
  if (!s || s.value.state !== 'known') return undefined;
  const v = s.value.value;
  return v.trim().toLowerCase() === 'none' ? '' : v;
}

const FELIX_IMAGE = /(^|\/)(node|cnx-node|calico-node)(:|@|$)/;
const TYPHA_IMAGE = /(^|\/)(typha|cnx-typha|calico-typha)(:|@|$)/;

export function containerRoles(c: Container): Set<Component> {
  const roles = new Set<Component>();
  const image = c.image ?? '';
  if (c.name === 'calico-node' || (FELIX_IMAGE.test(image) && /calico|tigera/.test(image))) roles.add('felix');
  if (c.name === 'calico-typha' || TYPHA_IMAGE.test(image)) roles.add('typha');
  for (const e of c.env) {
    const p = envParamName(e.name);
    if (p) roles.add(p.component);
  }
  return roles;
}

function spanIn(uri: string, n: { start: number; end: number; uri?: string }): Span {
  return { uri: n.uri ?? uri, start: n.start, end: n.end };
}

/**
 * The settings of a felix.cfg/typha.cfg text. `at` maps an offset of the text to the file (the
 * text is a block scalar of a ConfigMap: parse/block.ts); `whole`, where it cannot, is the place
 * of every setting.
 */
function settingsFromIni(
  uri: string,
  text: string,
  component: Component,
  embedded?: { at?: (offset: number) => number; whole: Span },
): Setting[] {
  const span = (start: number, end: number): Span =>
    !embedded
      ? { uri, start, end }
      : embedded.at
        ? { uri, start: embedded.at(start), end: embedded.at(start) + (end - start) }
        : embedded.whole;
  return parseIni(text).map((e) => {
    const nameSpan = span(e.keyStart, e.keyEnd);
    const valueSpan = span(e.valueStart, e.valueEnd);
    return {
      param: lookupParam(component, e.key),
      rawName: e.key,
      key: e.key.toLowerCase(),
      nameSpan,
      value: known(e.value, valueSpan),
      valueSpan,
      entry: undefined,
      source: 'file' as const,
    };
  });
}

/** The near-misses among settings Calico does not know, and the parameters they stand for. */
function nearMissesOf(settings: readonly Setting[], component: Component, asWritten: AsWritten) {
  const nearMisses: Array<{ setting: Setting; meant: readonly Suggestion[] }> = [];
  for (const setting of settings) {
    if (setting.param) continue;
    const meant = suggestParams(component, setting.key);
    if (meant.length) nearMisses.push({ setting, meant });
  }
  const nearMissed = new Set(
    nearMisses
      .filter((n) => !asWritten(n.setting.nameSpan))
      .flatMap((n) => n.meant.map((m) => m.param.name.toLowerCase())),
  );
  return { nearMisses, nearMissed };
}

/**
 * The configuration as the user meant it: a near-miss that means one parameter only, and that
 * parameter not set otherwise, counts as that parameter with its written value (unless taken as
 * written). So the rules judge what the rename fix leaves: a TLS group that is still incomplete
 * after the rename, or a path in the misspelt setting that is not mounted, is reported now, as
 * its own root cause, instead of appearing only once the name is fixed (issue 19: a fix must not
 * reveal a new error). What the misspelling itself breaks is folded into its finding (analyze.ts).
 */
function asMeant(
  effective: Map<string, Setting>,
  nearMisses: ReadonlyArray<{ readonly setting: Setting; readonly meant: readonly Suggestion[] }>,
  asWritten: AsWritten,
): Map<string, Setting> {
  for (const n of nearMisses) {
    if (n.meant.length !== 1 || asWritten(n.setting.nameSpan)) continue;
    const name = n.meant[0]!.param.name.toLowerCase();
    if (!effective.has(name)) effective.set(name, { ...n.setting, param: n.meant[0]!.param });
  }
  return effective;
}

function withNearMisses(settings: readonly Setting[], component: Component, asWritten: AsWritten) {
  const n = nearMissesOf(settings, component, asWritten);
  return { ...n, effective: asMeant(effectiveOf(settings), n.nearMisses, asWritten) };
}

function effectiveOf(settings: readonly Setting[]): Map<string, Setting> {
  const eff = new Map<string, Setting>();
  // Lowest precedence first: config file, then env (CAL SourcesInDescendingOrder).
  for (const src of ['file', 'envFrom', 'env'] as const) {
    for (const s of settings) if (s.source === src && s.param) eff.set(s.param.name.toLowerCase(), s);
  }
  return eff;
}

/**
 * The Felix and Typha configurations of a container. `asWritten`: the near-misses whose
 * parameter counts as unset, as Calico sees it (analyze.ts, to word their consequences),
 * instead of unknown.
 */
export function configsOfContainer(
  ws: Workspace,
  c: Container,
  asWritten: AsWritten = NONE_AS_WRITTEN,
): ComponentConfig[] {
  const out: ComponentConfig[] = [];
  const roles = containerRoles(c);
  const obj = c.workload.object;
  const uri = obj.file.uri;
  for (const component of roles) {
    const env = ws.env(c);
    const settings: Setting[] = [];
    const unknownSources = [...env.unknownSources];
    const cfgPath = component === 'felix' ? '/etc/calico/felix.cfg' : '/etc/calico/typha.cfg';
    const f = ws.fileAt(c, cfgPath);
    if (f.state === 'known') {
      const vs = f.entry.valueNode ? spanIn(f.entry.object.file.uri, f.entry.valueNode) : spanIn(uri, f.mount.node);
      // A literal block maps offsets line by line; anything else keeps the whole value as the place.
      const at =
        f.entry.valueNode?.kind === 'scalar' &&
        f.entry.content === f.entry.valueNode.text &&
        vs.uri === f.entry.object.file.uri
          ? blockOffsets(f.entry.object.file.text, f.entry.valueNode)
          : undefined;
      if (f.entry.content !== undefined)
        settings.push(...settingsFromIni(vs.uri, f.entry.content, component, { ...(at ? { at } : {}), whole: vs }));
      else unknownSources.push(`${cfgPath} is templated`);
    } else if (f.state === 'unknown') unknownSources.push(`${cfgPath}: ${f.reason}`);
    for (const v of env.vars.values()) {
      const p = envParamName(v.name);
      if (!p || p.component !== component) continue;
      const nameSpan = v.entry ? spanIn(uri, v.entry.nameNode) : (v.keySpan ?? v.valueSpan ?? spanIn(uri, c.node));
      settings.push({
        param: lookupParam(component, p.key),
        rawName: v.name,
        key: p.key,
        nameSpan,
        value: v.value,
        valueSpan: v.valueSpan,
        entry: v.entry,
        source: v.entry ? 'env' : 'envFrom',
      });
    }
    const anchorNode = c.nameNode ?? c.node;
    const where = `${obj.kind} ${obj.namespace ? obj.namespace + '/' : ''}${obj.name ?? '?'}`;
    out.push({
      component,
      container: c,
      file: undefined,
      settings,
      ...withNearMisses(settings, component, asWritten),
      unknownSources,
      anchor: spanIn(uri, anchorNode),
      label: m('labelContainer', { name: c.name, where }),
    });
  }
  return out;
}

/** felix*.cfg and typha*.cfg files in the workspace, each a configuration of its own. */
export function configOfIniFile(file: ParsedFile, asWritten: AsWritten = NONE_AS_WRITTEN): ComponentConfig | undefined {
  if (file.format !== 'ini') return undefined;
  // The name under a template suffix: felix.cfg.erb is a felix.cfg.
  const base = templateSuffix(baseName(file.uri)).inner;
  const component: Component | undefined = base.startsWith('felix')
    ? 'felix'
    : base.startsWith('typha')
      ? 'typha'
      : undefined;
  if (!component) return undefined;
  const settings = file.ini.map((e) => {
    const nameSpan = { uri: file.uri, start: e.keyStart, end: e.keyEnd };
    const valueSpan = { uri: file.uri, start: e.valueStart, end: e.valueEnd };
    const value: Resolved<string> = e.templated ? unknown('templated value') : known(e.value, valueSpan);
    return {
      param: lookupParam(component, e.key),
      rawName: e.key,
      key: e.key.toLowerCase(),
      nameSpan,
      value,
      valueSpan,
      entry: undefined,
      source: 'file' as const,
    };
  });
  const first = file.ini[0];
  return {
    component,
    container: undefined,
    file,
    settings,
    ...withNearMisses(settings, component, asWritten),
    // Env vars of the process are not in the workspace, but a config file that sets part of
    // a TLS group is itself the mistake in practice; we treat the file as complete, unless a
    // template inserts lines we cannot see.
    unknownSources: file.template?.insertions.length ? [`${base} is a template that inserts settings`] : [],
    anchor: { uri: file.uri, start: first ? first.keyStart : 0, end: first ? first.keyEnd : 0 },
    label: base,
  };
}

/** The display name of a parameter in the form this configuration writes it. */
export function displayName(cfg: ComponentConfig, paramName: string): string {
  if (cfg.file) return paramName;
  return `${cfg.component === 'felix' ? 'FELIX_' : 'TYPHA_'}${paramName.toUpperCase()}`;
}
