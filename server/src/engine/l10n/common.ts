/**
 * English templates of the messages several rules (and the engine's own passes) share: the
 * wording of a certificate's name, of its other copies, of a folded consequence. Looked up after
 * the rule's own table (messages.ts); a rule never declares an id this table has (meta test).
 */
export const COMMON_MESSAGES: Readonly<Record<string, string>> = {
  // rules/support/cert-util.ts
  certOne: "certificate '{who}'",
  certOfMany: "certificate {n} of {total} ('{who}')",
  sameCertIn: 'the same certificate in {label}',
  alsoIn: ' (also in {labels})',
  listSemicolon: '{first}; {rest}',
  // rules/support/util.ts
  listAnd: '{items} and {last}',

  // group 1 (rules/support/*.ts shared by group 1's rules)

  // group 2

  // group 3 (rules/support/tls-incomplete.ts, rules/support/identity-unset.ts; the clauses also in
  // metrics-tls-incomplete)
  tlsIncomplete:
    '{component} TLS is incomplete in {label}: {set} but {missing}. {component} then fails validation ' +
    '("{error}") and never becomes ready.',
  tlsOneSet: '{names} is set',
  tlsManySet: '{names} are set',
  tlsOneNotSet: '{names} is not',
  tlsManyNotSet: '{names} are not',
  tlsSetHere: '{param} is set here',
  tlsAddFile: 'Add {param}: {path}',
  tlsSetFile: 'Set {param}: {path}',
  tlsAddAllMissing: 'Add all missing: {params}',
  identityUnsetFelix:
    'Felix TLS is on in {label} ({params}) but neither {cn} nor {san} is set, so nothing says which ' +
    'identity Typha\'s server certificate must carry. Felix fails validation ("{error}").',
  identityUnsetTypha:
    'Typha TLS is on in {label} ({params}) but neither {cn} nor {san} is set, so nothing says which ' +
    'identity Felix\'s client certificate must carry. Typha fails validation ("{error}").',
  identityTurnsTlsOn: '{param} turns TLS on',
  identityAddCnFelix: 'Add {param}: {value} (the Typha server CN the Calico docs and the operator use)',
  identitySetCnFelix: 'Set {param}: {value} (the Typha server CN the Calico docs and the operator use)',
  identityAddCnTypha: 'Add {param}: {value} (the Felix client CN the Calico docs and the operator use)',
  identitySetCnTypha: 'Set {param}: {value} (the Felix client CN the Calico docs and the operator use)',

  // group 4

  // group 6 (the words of model and certificate helpers that rules place in their messages)
  // rules/support/util.ts: quotedList, listText of messages
  quoted: "'{name}'",
  quotedMore: "'{name}', {more}",
  listComma: '{first}, {rest}',
  // certs/pem.ts: classify's hints, a PEM block's problem
  pemShellCommand: 'it looks like a shell command that was pasted instead of its output',
  pemNoBegin: 'it is not PEM (no "-----BEGIN" line)',
  pemTruncated: 'the {block} block has no END line (truncated)',
  pemBadBase64: "the {block} block's base64 body is damaged",
  pemEmpty: 'the {block} block is empty',
  // certs/cert.ts: why a certificate or key does not parse ({error}: Go's own words)
  certNotGoReadable: 'not a certificate Go can read ("{error}")',
  certNotX509: 'not a valid X.509 certificate',
  keyEncrypted: 'encrypted',
  keyUnreadable: 'not a readable private key',
  // certs/when.ts: untilMsg
  untilWithinDay: 'within a day',
  untilOneDay: 'in 1 day',
  untilDays: 'in {n} days',
  untilToday: 'today',
  untilOneDayAgo: '1 day ago',
  untilDaysAgo: '{n} days ago',
  // calico/tls-file-groups.ts: what reads a group of files, and what fails when they are wrong
  purposeFelixTypha: "Felix's Typha client",
  purposeFelixEtcd: "Felix's etcd client",
  purposeFelixMetrics: "Felix's Prometheus metrics endpoint",
  purposeFelixReporter: "Felix's Prometheus reporter endpoint",
  purposeTyphaServer: "Typha's server",
  purposeTyphaEtcd: "Typha's etcd client",
  purposeTyphaMetrics: "Typha's Prometheus metrics endpoint",
  purposeEtcdClient: 'the etcd client',
  purposeEtcdClientFirst: 'The etcd client',
  failFelixTyphaLoad:
    'Felix cannot connect to Typha ("Failed to load certificate and key", CAL typha/pkg/syncclient/sync_client.go)',
  failFelixTyphaCa:
    'Felix cannot connect to Typha ("Failed to add CA data to pool", CAL typha/pkg/syncclient/sync_client.go)',
  failTyphaServerLoad:
    'Typha panics with "Failed to load certificate and key" (CAL typha/pkg/syncserver/sync_server.go)',
  failTyphaServerCa: 'Typha panics with "Failed to add CA data to pool" (CAL typha/pkg/syncserver/sync_server.go)',
  failEtcdLoad:
    'the etcd client is not created ("could not initialize etcdv3 client", CAL ' +
    'libcalico-go/lib/backend/etcdv3/etcdv3.go, through etcd transport.TLSInfo.ClientConfig)',
  failEtcdCa:
    "etcd's tlsutil.NewCertPool parses every PEM block of the CA file as a certificate and fails, so " +
    'the etcd client is not created (etcd client/pkg/transport, through ' +
    'libcalico-go/lib/backend/etcdv3/etcdv3.go)',
  failMetricsLoad:
    'the HTTPS metrics server does not start ("Error starting metrics https server.", logged at INFO; CAL ' +
    'libcalico-go/lib/metricsserver/metrics_server.go)',
  failMetricsCa:
    "the metrics server ignores AppendCertsFromPEM's result, so no client certificate can be " +
    'verified (CAL crypto/pkg/tls/tls.go NewMutualTLSConfig)',
  failReporterLoad: 'the reporter endpoint does not serve TLS',
  failReporterCa: 'no client certificate can be verified against it',
  // certs/pairs.ts: TlsReader.who, TlsRef.target, Prometheus' failures
  readerIn: '{purpose} in {label}',
  readerPrometheus: 'Prometheus scraping through {kind} {name}',
  pathIn: "'{path}' ({label})",
  refNames: '{name} -> {target}',
  failPrometheusLoad:
    'Prometheus cannot build the scrape client ("unable to use specified client cert (...) & key (...)", ' +
    'prometheus/common config/http_config.go) and does not scrape the target',
  failPrometheusCa:
    'Prometheus fails with "unable to use specified CA cert" (prometheus/common config/http_config.go) and ' +
    'does not scrape the target',
  // model/workspace.ts: why a mounted file is absent (FileAt.reason)
  fileNoKey: "{kind} '{name}' has no key '{key}'",
  fileNoItem: "volume '{volume}' projects no item to '{path}' from {kind} '{name}'",
  // labels: what the model calls an object or a place, where English words join its names (Label
  // in messages.ts; names alone, `Secret kube-system/certs`, `--etcd-cafile`, stay strings)
  // model/config.ts, model/etcd.ts: a Felix/Typha configuration or an etcd client in a container
  labelContainer: "container '{name}' ({where})",
  // model/etcd.ts: Felix's or Typha's etcd client, in its configuration's label
  labelComponentIn: '{component} in {label}',
  // model/etcd.ts: the Calico CNI plugin's netconf, in calico-config or in a file
  labelCniConfigMap: 'CNI config in ConfigMap {name}',
  labelCniFile: 'CNI config {file}',
  // model/calico-version.ts: where a Calico version is read
  labelImage: 'image {image}',
  // model/etcd-server.ts: an etcd server's configuration file, and the container that names it
  labelEtcdConfigFile: 'etcd configuration file {name}',
  labelEtcdConfigFileVia: 'etcd configuration file {name} ({via})',
  // certs/material.ts: certificate material in a Secret/ConfigMap key or an object's field
  labelMaterialKey: '{object}, key {key}',
  labelMaterialField: '{object}, {field}',
  // parse/index.ts, parse/yaml.ts, parse/json.ts: why a file or part of one is not analysed
  skippedSize: 'file is larger than the {kib} KiB size cap',
  skippedBinary: 'binary file',
  skippedDocument: 'a document (Markdown, reStructuredText, AsciiDoc, HTML), not configuration',
  noteTooDeep: 'nesting deeper than {depth} levels; what is below this point is not analysed',
  noteYamlTooDeep: 'the YAML nests too deep to read; what is below this point is not analysed',
  noteTemplateInvalid:
    'after its {tags} tags are set aside this template is still not valid {format} here ({error}), so what ' +
    'depends on the rest of this document is not checked',
};
