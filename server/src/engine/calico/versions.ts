/**
 * Which Calico release added which Felix/Typha parameter, and how to read the Calico release a
 * container runs from its image reference. Fact sheet, section 1a "Release availability
 * (checked against CAL tags)": the four PrometheusMetrics{CAFile,CertFile,KeyFile,ClientAuth}
 * parameters first appear in v3.32.0 (CAL commit 1215a7b9, "Enable TLS for /metrics
 * endpoint"), in both Felix (felix/config/config_params.go) and Typha
 * (typha/pkg/config/config_params.go); they are absent in v3.31.7 and v3.30.7. An older Felix or
 * Typha reads them as unknown parameters: "Ignoring unknown config param." at INFO, nothing else.
 *
 * Only parameters whose first release was checked against the tags are listed; a parameter not
 * in the table is taken to exist in every release (no finding).
 */

export interface CalicoVersion {
  readonly major: number;
  readonly minor: number;
  /** Undefined for a minor-only tag (`v3.30`), which names the latest patch of that minor. */
  readonly patch: number | undefined;
  /** Anything after the numbers (`-0.dev-12-gabc`, `-amd64`). */
  readonly suffix: string;
  /** The tag as written, e.g. `v3.30.2`. */
  readonly text: string;
}

/** First release (open source Calico) of each parameter the table knows, by component. */
export const PARAM_SINCE: {
  readonly felix: Readonly<Record<string, string>>;
  readonly typha: Readonly<Record<string, string>>;
} = {
  felix: {
    PrometheusMetricsCAFile: 'v3.32.0',
    PrometheusMetricsCertFile: 'v3.32.0',
    PrometheusMetricsKeyFile: 'v3.32.0',
    PrometheusMetricsClientAuth: 'v3.32.0',
  },
  typha: {
    PrometheusMetricsCAFile: 'v3.32.0',
    PrometheusMetricsCertFile: 'v3.32.0',
    PrometheusMetricsKeyFile: 'v3.32.0',
    PrometheusMetricsClientAuth: 'v3.32.0',
  },
};

const TAG = /^v(\d+)\.(\d+)(?:\.(\d+))?((?:[-+][0-9A-Za-z.+-]*)?)$/;

/** `v3.30.2` -> 3.30.2; anything else (`master`, `latest`, `release-v3.30`) -> undefined. */
export function parseVersion(tag: string): CalicoVersion | undefined {
  const m = TAG.exec(tag.trim());
  if (!m) return undefined;
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: m[3] === undefined ? undefined : Number(m[3]),
    suffix: m[4] ?? '',
    text: tag.trim(),
  };
}

/**
 * Open source Calico's own images, whose tag is the Calico release: `calico/node`,
 * `calico/typha` and the single `calico/calico` image, bare or from Docker Hub or quay.io (the
 * registries Calico publishes to). Enterprise images (`tigera/cnx-node`) number their
 * releases differently, and an image from any other registry may be a rebuild: both unknown.
 */
const IMAGE = /^(?:(?:docker\.io|quay\.io|registry-1\.docker\.io)\/)?calico\/(node|typha|calico):([^@:/\s]+)$/;

/**
 * The Calico release an image runs, or undefined when it cannot be told: no tag, a digest
 * (`@sha256:`, which is what the node pulls, whatever the tag says), a branch tag, another
 * image. A templated image never reaches here (the model gives no string for it).
 */
export function calicoVersionOfImage(image: string | undefined): CalicoVersion | undefined {
  if (!image || image.includes('@')) return undefined;
  const m = IMAGE.exec(image.trim());
  return m ? parseVersion(m[2]!) : undefined;
}

/**
 * Whether a release has a parameter: 'no' only when the version is certainly older than the
 * first release that has it. A pre-release or build of the first release itself (`v3.32.0-0.dev`)
 * and a minor-only tag of that minor are 'unknown'.
 */
export function hasParam(since: string | undefined, v: CalicoVersion | undefined): 'yes' | 'no' | 'unknown' {
  if (!since) return 'yes';
  const s = parseVersion(since);
  if (!s || !v) return 'unknown';
  if (v.major !== s.major) return v.major < s.major ? 'no' : 'yes';
  if (v.minor !== s.minor) return v.minor < s.minor ? 'no' : 'yes';
  const first = s.patch ?? 0;
  // `v3.32` names the latest v3.32.x, which has whatever v3.32.0 had.
  if (v.patch === undefined) return first === 0 ? 'yes' : 'unknown';
  if (v.patch !== first) return v.patch < first ? 'no' : 'yes';
  return v.suffix === '' ? 'yes' : 'unknown';
}
