import { apiVersionOf, type CrdIssue } from '../model/crd';
import { replaceScalar } from '../fixes';
import type { ParsedFile } from '../parse';
import { isScalar, type MapNode, type Pair } from '../parse/tree';
import type { TextEdit } from '../types';
import { CERT_EXAMPLES } from './support/cert-examples';
import { GOOD_ENDPOINT, serviceMonitor } from './support/monitor-examples';
import type { ReportFix, Rule } from './types';
import { m, type Arg, type Msg } from '../l10n/messages';

/** Values another rule checks with more to say (certificate-management-algorithms). */
const CHECKED_ELSEWHERE = new Set([
  'Installation spec.certificateManagement.keyAlgorithm',
  'Installation spec.certificateManagement.signatureAlgorithm',
]);

const INSTALLATION = (cm: string) =>
  `apiVersion: operator.tigera.io/v1
kind: Installation
metadata:
  name: default
spec:
  certificateManagement:
${cm}`;

const CM_GOOD =
  `    caCert: ${Buffer.from(CERT_EXAMPLES.caCert).toString('base64')}\n` +
  '    signerName: example.com/calico-signer\n' +
  '    signatureAlgorithm: SHA512WithRSA\n' +
  '    keyAlgorithm: RSAWithSize4096\n';

/** The object part a field is in: `ServiceMonitor spec.endpoints[0].tlsConfig`, or the kind at the top. */
function where(i: CrdIssue): string {
  const parent = i.path.slice(0, Math.max(0, i.path.length - (i.field ?? '').length - 1));
  return parent ? `${i.object.kind} ${parent}` : i.object.kind;
}

/**
 * The value a type error names: a quoted string, a number or boolean as written, or a map or a
 * list (model/crd.ts's 'an object' / 'a list', as messages).
 */
function valueText(i: CrdIssue): Arg {
  if (!i.valueNode)
    return i.value === 'an object' ? m('anObject') : i.value === 'a list' ? m('aList') : (i.value ?? '');
  return typeof i.valueNode.value === 'string' ? m('theString', { value: i.value ?? '' }) : `${i.value}`;
}

/** A quoted boolean or number the schema wants bare (`"false"`, `"9091"`): the value without quotes. */
function unquoted(i: CrdIssue): string | undefined {
  const v = i.valueNode;
  if (!v || typeof v.value !== 'string' || (v.style !== 'single' && v.style !== 'double')) return undefined;
  if (i.expected === 'boolean' && /^(true|false)$/.test(v.value)) return v.value;
  if ((i.expected === 'integer' || i.expected === 'number') && /^\d+$/.test(v.value)) return v.value;
  return undefined;
}

function message(i: CrdIssue): Msg {
  const kind = i.object.kind;
  const path = i.path;
  switch (i.kind) {
    case 'unknown-field':
      return m(i.suggestionPresent ? 'unknownFieldSet' : 'unknownField', {
        field: i.field ?? '',
        where: where(i),
        kind,
        path,
        suggestion: i.suggestion ?? '',
      });
    case 'misplaced-field':
      return m('misplacedField', { field: i.field ?? '', kind, home: i.home ?? '', path });
    case 'enum': {
      const data = { path, value: i.value ?? '', allowed: (i.allowed ?? []).filter(Boolean).join(', '), kind };
      return i.suggestion ? m('enumSuggest', { ...data, suggestion: i.suggestion }) : m('enum', data);
    }
    case 'type':
      return m('type', { path, expected: i.expected ?? '', value: valueText(i), kind });
    case 'required':
      return m('required', { path, kind });
    case 'api-version':
      return m('apiVersion', { kind, apiVersion: i.suggestion ?? '' });
    default:
      return i.message !== undefined
        ? m('schema', { path, problem: i.message, kind })
        : m('schemaUnknown', { path, kind });
  }
}

/**
 * Moves fields written at the top of an object to where the schema has them (the seed's
 * flattened Installation: `name` to metadata.name, `caCert` to spec.certificateManagement.caCert),
 * as one edit over the lines they take. Only for block YAML with one-line scalar values and
 * target maps the object does not have yet; undefined otherwise.
 */
function nestEdit(
  file: ParsedFile,
  root: MapNode,
  moves: ReadonlyArray<{ pair: Pair; home: string }>,
): TextEdit | undefined {
  if (file.format !== 'yaml' || root.flow || !moves.length) return undefined;
  // An object a kustomize patch added fields to mixes two files: no edit over its lines is safe.
  if (root.pairs.some((p) => p.key.uri)) return undefined;
  const lines = file.lines;
  const lineOf = (o: number) => lines.positionAt(o).line;
  const top = new Set(root.pairs.map((p) => p.key.text));
  const tree = new Map<string, unknown>();
  for (const { pair, home } of moves) {
    const v = pair.value;
    if (!isScalar(v) || v.style === 'block' || pair.key.uri || v.uri || home.includes('[]')) return undefined;
    if (lineOf(pair.key.start) !== lineOf(v.end) || lineOf(v.start) !== lineOf(pair.key.start)) return undefined;
    const segs = home.split('.');
    if (top.has(segs[0]!)) return undefined;
    let t = tree;
    for (const seg of segs.slice(0, -1)) {
      if (!(t.get(seg) instanceof Map)) t.set(seg, new Map<string, unknown>());
      t = t.get(seg) as Map<string, unknown>;
    }
    t.set(segs[segs.length - 1]!, file.text.slice(v.start, v.end));
  }
  const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
  const col = lines.positionAt(root.pairs[0]!.key.start).character;
  const render = (t: Map<string, unknown>, indent: number): string[] =>
    [...t].flatMap(([k, v]) =>
      v instanceof Map
        ? [`${' '.repeat(indent)}${k}:`, ...render(v as Map<string, unknown>, indent + 2)]
        : [`${' '.repeat(indent)}${k}: ${v as string}`],
    );
  const moved = new Set(moves.map((m) => m.pair));
  const firstLine = Math.min(...moves.map((m) => lineOf(m.pair.key.start)));
  const lastLine = lineOf(root.pairs[root.pairs.length - 1]!.end - 1);
  // The fields kept in that range stay, line for line, before the nested block.
  const kept = root.pairs
    .filter((p) => !moved.has(p) && lineOf(p.key.start) >= firstLine)
    .map((p) => file.text.slice(lines.lineStart(lineOf(p.key.start)), lines.lineEnd(lineOf(p.end - 1))));
  const start = lines.lineStart(firstLine);
  const end = lines.lineEnd(lastLine);
  const rest = root.pairs.filter(
    (p) => !moved.has(p) && lineOf(p.key.start) < firstLine && lineOf(p.end - 1) >= firstLine,
  );
  if (rest.length) return undefined;
  // Kept fields keep their own lines (their indentation included); the block gets the root's column.
  const newText = [...kept, ...render(tree, col)].join(eol);
  return { uri: file.uri, start, end, newText };
}

function fixesOf(i: CrdIssue, lineIndent: (offset: number) => string): ReportFix[] {
  const uri = i.span.uri;
  if (i.kind === 'unknown-field' && i.keyNode && i.suggestion && !i.suggestionPresent)
    return [
      {
        title: m('renameTo', { field: i.suggestion }),
        safety: i.exact ? 'safe' : 'unsafe',
        edits: [replaceScalar(uri, i.keyNode, i.suggestion)],
      },
    ];
  if (i.kind === 'enum' && i.valueNode && i.suggestion)
    return [
      {
        title: m('setValue', { value: i.suggestion }),
        safety: i.exact ? 'safe' : 'unsafe',
        edits: [replaceScalar(uri, i.valueNode, i.suggestion)],
      },
    ];
  const bare = i.kind === 'type' ? unquoted(i) : undefined;
  if (bare !== undefined && i.valueNode)
    return [
      {
        title: m('writeUnquoted', { value: bare }),
        safety: 'safe',
        edits: [{ uri: i.valueNode.uri ?? uri, start: i.valueNode.start, end: i.valueNode.end, newText: bare }],
      },
    ];
  if (i.kind === 'api-version') {
    const v = apiVersionOf(i.object.kind);
    const at = i.object.kindNode;
    // The `kind:` key starts its line's content: insert before it, at the same column.
    const keyStart = i.object.node.pairs.find((p) => p.key.text === 'kind')?.key.start;
    if (!v || keyStart === undefined || at.uri) return [];
    return [
      {
        title: m('addApiVersion', { apiVersion: v }),
        safety: 'safe',
        edits: [{ uri, start: keyStart, end: keyStart, newText: `apiVersion: ${v}\n${lineIndent(keyStart)}` }],
      },
    ];
  }
  return [];
}

export const rule: Rule = {
  meta: {
    id: 'crd-field-invalid',
    category: 'general',
    severity: 'error',
    fix: 'safe',
    description:
      'A TLS-relevant field of an Installation, FelixConfiguration, ServiceMonitor or Prometheus that its ' +
      "CRD's own schema drops or rejects: a misspelt or misplaced field, a value outside the " +
      'enum, a wrong type, a required field missing.',
    why:
      'Custom resources are checked against the OpenAPI schema in their CRD. A field the schema ' +
      'does not have is dropped (pruned) by the API server, or refused by kubectl apply with ' +
      '"strict decoding error: unknown field" (server-side field validation, Kubernetes 1.27); ' +
      'either way it never reaches the operator, Felix or prometheus-operator: ' +
      '`certificatemanagement` turns certificate management off, a ServiceMonitor `caFlie` ' +
      'leaves Prometheus without a CA, a Prometheus `secret:` mounts no client certificate. A ' +
      'value outside an enum (`scheme: htps`), a value of the wrong type and a missing required ' +
      'field (certificateManagement `signerName`) make the API server reject the object. ' +
      'The seed "Manage TLS certificates used by Calico" prints the ' +
      'Installation flattened (caCert and signerName at the top, no apiVersion), which copied as ' +
      'it is puts every field in the wrong place. The schemas are the TLS-relevant parts of the ' +
      'CRDs of OP pkg/imports/crds/operator/operator.tigera.io_installations.yaml, CAL ' +
      'api/config/crd/projectcalico.org_felixconfigurations.yaml and PO ' +
      'example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml (fact sheet 1e, ' +
      '1f); for Prometheus (`spec.secrets`, `spec.configMaps`: PO CommonPrometheusFields), the ' +
      'field names of @kubernetes-models/prometheus-operator, generated from the same CRDs. An ' +
      'unknown field that is neither a near-miss of a field there nor a field of another place ' +
      'in the object is not reported: it may belong to another CRD version or edition. ' +
      'The quick fix renames a near-miss; it is safe when only case or punctuation differ.',
    messages: {
      unknownField:
        "'{field}' is not a field of {where}; the API server drops it (kubectl apply refuses the {kind}: " +
        '"strict decoding error: unknown field \\"{path}\\""). Did you mean {suggestion}?',
      unknownFieldSet:
        "'{field}' is not a field of {where}; the API server drops it (kubectl apply refuses the {kind}: " +
        '"strict decoding error: unknown field \\"{path}\\""). Did you mean {suggestion}? ({suggestion} is set ' +
        'as well: this one is dead.)',
      misplacedField:
        "'{field}' does not belong here: {kind} has it at {home}; the API server drops it (kubectl apply " +
        'refuses the {kind}: "strict decoding error: unknown field \\"{path}\\"").',
      enum:
        "{path}: '{value}' is not one of {allowed}; the API server rejects the {kind} " +
        '("Unsupported value: \\"{value}\\"").',
      enumSuggest:
        "{path}: '{value}' is not one of {allowed}; the API server rejects the {kind} " +
        '("Unsupported value: \\"{value}\\""). Did you mean {suggestion}?',
      type: '{path} must be of type {expected}, not {value}; the API server rejects the {kind} ("Invalid value").',
      theString: "the string '{value}'",
      anObject: 'an object',
      aList: 'a list',
      required: '{path} is required; the API server rejects the {kind} ("{path}: Required value").',
      apiVersion: '{kind} has no apiVersion; kubectl refuses it ("apiVersion not set"). It is {apiVersion}.',
      schema: '{path} {problem}; the API server rejects the {kind}.',
      schemaUnknown: '{path} does not match the schema; the API server rejects the {kind}.',
      renameTo: 'Rename to {field}',
      setValue: 'Set {value}',
      writeUnquoted: 'Write {value} without quotes',
      addApiVersion: 'Add apiVersion: {apiVersion}',
      moveField: 'Move {field} to {home}',
      moveFields: 'Move {n} fields to where {kind} has them',
    },
    examples: {
      bad: [
        {
          note: 'certificateManagement misspelt in lower case: the operator never sees it.',
          files: [
            {
              name: 'installation.yaml',
              text: INSTALLATION(CM_GOOD).replace('certificateManagement:', 'certificatemanagement:'),
            },
          ],
        },
        {
          note: "The seed's flattened example copied as it is.",
          files: [
            {
              name: 'installation.yaml',
              text:
                'kind: Installation\nname: default\ncaCert: <Your CA Cert in Pem format>\n' +
                'signerName: <your-domain>/<signer-name>\nsignatureAlgorithm: SHA512WithRSA\n' +
                'keyAlgorithm: RSAWithSize4096\n',
            },
          ],
        },
        {
          files: [
            { name: 'monitor.yaml', text: serviceMonitor(GOOD_ENDPOINT.replace('scheme: https', 'scheme: htps')) },
          ],
        },
      ],
      good: [
        { files: [{ name: 'installation.yaml', text: INSTALLATION(CM_GOOD) }] },
        { files: [{ name: 'monitor.yaml', text: serviceMonitor(GOOD_ENDPOINT) }] },
      ],
    },
  },
  check(a, report) {
    const issues = a.crdIssues;
    for (const i of issues) {
      if (i.kind === 'enum' && CHECKED_ELSEWHERE.has(`${i.object.kind} ${i.schemaPath}`)) continue;
      const file = a.file(i.object.file.uri);
      const yaml = file?.format === 'yaml' && !i.object.node.flow;
      const lineIndent = (offset: number) => (file ? ' '.repeat(file.lines.positionAt(offset).character) : '');
      const fixes = i.kind === 'api-version' && !yaml ? [] : fixesOf(i, lineIndent);
      if (i.kind === 'misplaced-field' && i.parent === i.object.node && file) {
        // Every field of the object written at its top goes where it belongs, in one edit.
        const moves = issues
          .filter((x) => x.object === i.object && x.kind === 'misplaced-field' && x.parent === i.object.node)
          .map((x) => ({ pair: i.object.node.pairs.find((p) => p.key === x.keyNode)!, home: x.home! }))
          .filter((m) => m.pair);
        const edit = nestEdit(file, i.object.node, moves);
        if (edit)
          fixes.push({
            title:
              moves.length === 1
                ? m('moveField', { field: i.field ?? '', home: i.home ?? '' })
                : m('moveFields', { n: moves.length, kind: i.object.kind }),
            safety: 'unsafe',
            edits: [edit],
          });
      }
      report({ span: i.span, message: message(i), fixes, nearMiss: i.kind === 'unknown-field' });
    }
  },
};
