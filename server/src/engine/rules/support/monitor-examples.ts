import { CERT_EXAMPLES } from './cert-examples';
import { calicoNode } from './examples';

/** ServiceMonitor / Prometheus manifests for the Prometheus rules' examples (seed 000's shape). */
export function serviceMonitor(endpoint: string): string {
  return `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: calico-node-monitor
  namespace: calico-monitoring
spec:
  selector:
    matchLabels:
      k8s-app: calico-node
  namespaceSelector:
    matchNames:
      - kube-system
  endpoints:
${endpoint}`;
}

export const PROMETHEUS = `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata:
  name: calico-node-prometheus
  namespace: calico-monitoring
spec:
  serviceMonitorSelector:
    matchLabels:
      team: network-operators
  secrets:
    - certs
`;

export const GOOD_ENDPOINT = `    - port: calico-metrics-port
      interval: 5s
      scheme: https
      tlsConfig:
        caFile: /etc/prometheus/secrets/certs/ca.pem
        certFile: /etc/prometheus/secrets/certs/prom.pem
        keyFile: /etc/prometheus/secrets/certs/prom-key.pem
        serverName: calico-node-metrics
`;

/** calico-node serving metrics over HTTPS with the example metrics certificate. */
export function calicoNodeWithMetricsTls(): Array<{ name: string; text: string }> {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return [
    {
      name: 'calico-node.yaml',
      text: calicoNode(
        {
          FELIX_PROMETHEUSMETRICSENABLED: 'true',
          FELIX_PROMETHEUSMETRICSCERTFILE: '/metrics-tls/tls.crt',
          FELIX_PROMETHEUSMETRICSKEYFILE: '/metrics-tls/tls.key',
          FELIX_PROMETHEUSMETRICSCAFILE: '/metrics-tls/ca.crt',
        },
        [{ volume: 'metrics-tls', path: '/metrics-tls', secret: 'calico-node-metrics-tls' }],
        // The metrics TLS parameters exist from v3.32.0 (calico/versions.ts).
        'calico/node:v3.32.0',
      ),
    },
    {
      name: 'metrics-tls.yaml',
      text:
        `apiVersion: v1\nkind: Secret\nmetadata:\n  name: calico-node-metrics-tls\n  namespace: ` +
        `kube-system\ndata:\n  tls.crt: ${b64(CERT_EXAMPLES.metricsServerCert)}\n  tls.key: ` +
        `${b64(CERT_EXAMPLES.metricsServerKey)}\n  ca.crt: ${b64(CERT_EXAMPLES.caCert)}\n`,
    },
  ];
}
