/**
 * The Calico release a container or a unit runs, as far as the workspace tells: the tag of a
 * Calico image (calico/versions.ts), else what an operator Installation reports. Anything
 * uncertain is undefined, which rules read as "unknown": no finding.
 */
import { calicoVersionOfImage, parseVersion, type CalicoVersion } from '../calico/versions';
import { getMap, getScalar, getString, nodeSpan } from '../parse/tree';
import type { Span } from '../types';
import type { Container } from './workloads';
import type { Workspace } from './workspace';
import { m, type Label } from '../l10n/messages';

export interface VersionSource {
  readonly version: CalicoVersion;
  /** Where the version is written: the image, or the Installation's status.calicoVersion. */
  readonly span: Span;
  /** e.g. "image calico/node:v3.30.2" (a message) or "Installation default (status.calicoVersion v3.30.2)". */
  readonly label: Label;
}

/**
 * The open source releases the operator's Installations report: status.calicoVersion, when
 * status.variant is Calico (OP api/v1/installation_types.go, InstallationStatus). Calico
 * Enterprise (CalicoEnterprise, TigeraSecureEnterprise) numbers its releases differently, so its
 * version says nothing about the open source table.
 */
function installations(ws: Workspace): VersionSource[] {
  const versions: VersionSource[] = [];
  for (const o of ws.objectsOfKind('Installation')) {
    if (!/^operator\.tigera\.io\//.test(o.apiVersion)) continue;
    const status = getMap(o.node, 'status');
    const cv = getScalar(status, 'calicoVersion');
    const statusVariant = getString(status, 'variant');
    if (!cv || cv.templated || statusVariant !== 'Calico') continue;
    const v = parseVersion(cv.text);
    if (v)
      versions.push({
        version: v,
        span: nodeSpan(o.file.uri, cv),
        label: `Installation ${o.name ?? '?'} (status.calicoVersion ${cv.text})`,
      });
  }
  return versions;
}

function sameVersion(a: CalicoVersion, b: CalicoVersion): boolean {
  return a.major === b.major && a.minor === b.minor && a.patch === b.patch && a.suffix === b.suffix;
}

/** The one version all sources agree on, else undefined. */
function agreed(sources: readonly VersionSource[]): VersionSource | undefined {
  const first = sources[0];
  return first && sources.every((s) => sameVersion(s.version, first.version)) ? first : undefined;
}

function imageSource(c: Container): VersionSource | undefined {
  const node = getScalar(c.node, 'image');
  const v = calicoVersionOfImage(c.image);
  if (!v || !node) return undefined;
  return {
    version: v,
    span: nodeSpan(c.workload.object.file.uri, node),
    label: m('labelImage', { image: c.image ?? '' }),
  };
}

/**
 * The release a container runs: its image tag; for an image that does not tell (a digest, a
 * private registry), the version the unit's Installations agree on.
 */
export function containerVersion(ws: Workspace, c: Container): VersionSource | undefined {
  return imageSource(c) ?? agreed(installations(ws));
}

/**
 * The release a unit's datastore configuration (FelixConfiguration) is read by: every Felix
 * container of the unit and every Installation must name the same version; one that does not
 * tell makes the whole answer unknown.
 */
export function unitVersion(ws: Workspace, felixContainers: readonly Container[]): VersionSource | undefined {
  const sources = installations(ws);
  for (const c of felixContainers) {
    const s = imageSource(c);
    if (!s) return undefined;
    sources.push(s);
  }
  return agreed(sources);
}
