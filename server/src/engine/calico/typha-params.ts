/**
 * Typha's parameters, from CAL typha/pkg/config/config_params.go (struct `Config`, its
 * `config:"type;default;flags"` tags) and the fact sheet, section 1c. Typha has no generated
 * metadata file like Felix's config-params.json, so the table is kept here by hand.
 * Typha reads only env (`TYPHA_` prefix) and typha.cfg, never the datastore.
 */
export interface TyphaParamSpec {
  readonly name: string;
  readonly type: string;
  readonly default: string;
  readonly localOnly?: boolean;
  readonly description?: string;
}

export const TYPHA_PARAM_SPECS: readonly TyphaParamSpec[] = [
  { name: 'DatastoreType', type: 'oneof(kubernetes,etcdv3)', default: 'etcdv3' },
  { name: 'EtcdAddr', type: 'authority', default: '127.0.0.1:2379', localOnly: true },
  { name: 'EtcdScheme', type: 'oneof(http,https)', default: 'http', localOnly: true },
  { name: 'EtcdKeyFile', type: 'file(must-exist)', default: '', localOnly: true, description: 'Client key for etcd.' },
  {
    name: 'EtcdCertFile',
    type: 'file(must-exist)',
    default: '',
    localOnly: true,
    description: 'Client certificate for etcd.',
  },
  {
    name: 'EtcdCaFile',
    type: 'file(must-exist)',
    default: '',
    localOnly: true,
    description: 'CA bundle used to verify etcd.',
  },
  { name: 'EtcdEndpoints', type: 'endpoint-list', default: '', localOnly: true },
  { name: 'LogFilePath', type: 'file', default: '/var/log/calico/typha.log' },
  { name: 'LogSeverityFile', type: 'oneof(DEBUG,INFO,WARNING,ERROR,CRITICAL)', default: 'INFO' },
  { name: 'LogSeverityScreen', type: 'oneof(DEBUG,INFO,WARNING,ERROR,CRITICAL)', default: 'INFO' },
  { name: 'LogSeveritySys', type: 'oneof(DEBUG,INFO,WARNING,ERROR,CRITICAL)', default: 'INFO' },
  { name: 'HealthEnabled', type: 'bool', default: 'false' },
  { name: 'HealthHost', type: 'host-address', default: 'localhost' },
  { name: 'HealthPort', type: 'int(0,65535)', default: '9098' },
  { name: 'PrometheusMetricsEnabled', type: 'bool', default: 'false' },
  { name: 'PrometheusMetricsHost', type: 'host-address', default: '' },
  { name: 'PrometheusMetricsPort', type: 'int(0,65535)', default: '9093' },
  { name: 'PrometheusGoMetricsEnabled', type: 'bool', default: 'true' },
  { name: 'PrometheusProcessMetricsEnabled', type: 'bool', default: 'true' },
  {
    name: 'PrometheusMetricsCAFile',
    type: 'string',
    default: '',
    description: 'CA used to verify Prometheus client certificates (v3.32.0+). Read even with NoClientCert.',
  },
  {
    name: 'PrometheusMetricsCertFile',
    type: 'string',
    default: '',
    description: 'Certificate served on /metrics over HTTPS (v3.32.0+).',
  },
  {
    name: 'PrometheusMetricsKeyFile',
    type: 'string',
    default: '',
    description: 'Key for the /metrics HTTPS certificate (v3.32.0+).',
  },
  {
    name: 'PrometheusMetricsClientAuth',
    type: 'oneof(RequireAndVerifyClientCert,RequireAnyClientCert,VerifyClientCertIfGiven,NoClientCert)',
    default: 'NoClientCert',
  },
  { name: 'SnapshotCacheMaxBatchSize', type: 'int(1,)', default: '100' },
  { name: 'ServerMaxMessageSize', type: 'int(1,)', default: '100' },
  { name: 'ServerMaxFallBehindSecs', type: 'seconds', default: '300' },
  { name: 'ServerNewClientFallBehindGracePeriod', type: 'seconds', default: '300' },
  { name: 'ServerMinBatchingAgeThresholdSecs', type: 'seconds', default: '0.01' },
  { name: 'ServerPingIntervalSecs', type: 'seconds', default: '10' },
  { name: 'ServerPongTimeoutSecs', type: 'seconds', default: '60' },
  { name: 'ServerHandshakeTimeoutSecs', type: 'seconds', default: '10' },
  { name: 'ServerPort', type: 'int(0,65535)', default: '0 (5473)' },
  { name: 'ServerHost', type: 'host-address', default: '' },
  {
    name: 'ServerKeyFile',
    type: 'file(must-exist)',
    default: '',
    localOnly: true,
    description: "Typha's server key. Required whenever Typha TLS is on (the OSS docs wrongly call it optional).",
  },
  {
    name: 'ServerCertFile',
    type: 'file(must-exist)',
    default: '',
    localOnly: true,
    description: "Typha's server certificate; needs ServerAuth EKU (or none).",
  },
  {
    name: 'CAFile',
    type: 'file(must-exist)',
    default: '',
    localOnly: true,
    description: "CA bundle Typha trusts for Felix's client certificates (system roots are not used).",
  },
  {
    name: 'ClientCN',
    type: 'string',
    default: '',
    description: "Required Common Name of Felix's client certificate (exact match).",
  },
  {
    name: 'ClientURISAN',
    type: 'string',
    default: '',
    description: "Required URI SAN of Felix's client certificate (exact match, e.g. a SPIFFE ID).",
  },
  { name: 'DebugMemoryProfilePath', type: 'file', default: '' },
  { name: 'DebugDisableLogDropping', type: 'bool', default: 'false' },
  { name: 'DebugHost', type: 'host-address', default: 'localhost' },
  { name: 'DebugPort', type: 'int(0,65535)', default: '' },
  { name: 'ConnectionRebalancingMode', type: 'oneof(none,kubernetes)', default: 'none' },
  { name: 'ConnectionDropIntervalSecs', type: 'seconds', default: '1' },
  { name: 'ShutdownTimeoutSecs', type: 'seconds', default: '300' },
  { name: 'ShutdownConnectionDropIntervalMaxSecs', type: 'seconds', default: '1' },
  { name: 'MaxConnectionsUpperLimit', type: 'int(1,)', default: '10000' },
  { name: 'MaxConnectionsLowerLimit', type: 'int(1,)', default: '400' },
  { name: 'K8sServicePollIntervalSecs', type: 'seconds', default: '30' },
  { name: 'K8sNamespace', type: 'string', default: 'kube-system' },
  { name: 'K8sServiceName', type: 'string', default: 'calico-typha' },
  { name: 'K8sPortName', type: 'string', default: 'calico-typha' },
];
