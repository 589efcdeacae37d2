import { nodeSpan, isScalar } from '../parse/tree';
import type { Rule } from './types';
import { m, type Msg } from '../l10n/messages';

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * kube-apiserver's CSR signerName validation (kubernetes pkg/apis/certificates/validation):
 * exactly one '/', a domain of at least two DNS-1123 labels (<= 253), a path of DNS-1123
 * subdomains, at most 571 characters in all. The finding, or undefined when the name passes.
 */
function signerNameProblem(value: string): Msg | undefined {
  if (value.length > 571) return m('tooLong', { value });
  const parts = value.split('/');
  if (parts.length !== 2) return m('notDomainAndPath', { value });
  const [domain, path] = parts as [string, string];
  const labels = domain.split('.');
  if (domain.length > 253 || labels.some((l) => !LABEL.test(l) || l.length > 63))
    return m('badDomain', { value, domain });
  if (labels.length < 2) return m('oneSegment', { value });
  if (path.length > 253 || path.split('.').some((l) => !LABEL.test(l) || l.length > 63))
    return m('badPath', { value, path });
  return undefined;
}

export const rule: Rule = {
  meta: {
    id: 'certificate-management-signer-name',
    category: 'operator',
    severity: 'error',
    reads: { kinds: ['Installation'] },
    description:
      'Installation `certificateManagement.signerName` that kube-apiserver will reject when the CSR is created.',
    why:
      'The Installation CRD accepts any string, so a bad signerName passes `kubectl apply`; it ' +
      'fails only when the key-cert-provisioner init container creates its ' +
      'CertificateSigningRequest, and kube-apiserver answers "must be a fully qualified domain ' +
      'and path of the form \'example.com/signer-name\'" or "should be a domain with at least ' +
      'two segments separated by dots" (kubernetes pkg/apis/certificates/validation; fact ' +
      'sheet 1e). Every pod using the certificates then waits in Init. The seed "Manage TLS ' +
      'certificates used by Calico" documents the form <my-domain>/<my-signername>.',
    messages: {
      tooLong:
        "signerName '{value}' is longer than 571 characters; kube-apiserver rejects the CSR and pods wait in Init.",
      notDomainAndPath:
        "signerName '{value}' must be a fully qualified domain and path of the form 'example.com/signer-name'; " +
        'kube-apiserver rejects the CSR and pods wait in Init.',
      badDomain:
        "signerName '{value}' has a domain part '{domain}' that is not a valid DNS name; kube-apiserver " +
        'rejects the CSR and pods wait in Init.',
      oneSegment:
        "signerName '{value}' should be a domain with at least two segments separated by dots; " +
        'kube-apiserver rejects the CSR and pods wait in Init.',
      badPath:
        "signerName '{value}' has a path part '{path}' that is not a valid DNS subdomain; kube-apiserver " +
        'rejects the CSR and pods wait in Init.',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'installation.yaml',
              text:
                'apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: ' +
                'default\nspec:\n  certificateManagement:\n    caCert: ""\n    signerName: my-signer\n',
            },
          ],
        },
      ],
      good: [
        {
          files: [
            {
              name: 'installation.yaml',
              text:
                'apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: ' +
                'default\nspec:\n  certificateManagement:\n    caCert: ""\n    signerName: example.com/calico-signer\n',
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    for (const o of a.ws.objectsOfKind('Installation')) {
      // As meant: a misplaced or misspelt signerName is judged where it is written.
      const p = a.certificateManagement(o).get('signerName');
      if (!p || !isScalar(p.value) || p.value.templated) continue;
      const problem = signerNameProblem(p.value.text);
      if (problem) report({ span: nodeSpan(o.file.uri, p.value), message: problem });
    }
  },
};
