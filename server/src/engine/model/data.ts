import type { Span } from '../types';
import { nodeSpan, getMap, isScalar, type MapNode, type ScalarNode } from '../parse/tree';
import type { K8sObject } from './objects';
import { isOpen } from '../parse';
import type { Reads } from './reads';

/** Secrets' and ConfigMaps' keys. */
export const READS: Reads = { kinds: ['Secret', 'ConfigMap'] };

/** One key of a Secret or ConfigMap, with where its value is written. */
export interface DataEntry {
  readonly key: string;
  readonly keyNode: ScalarNode;
  readonly valueNode: ScalarNode | undefined;
  /** The bytes as the pod sees them (base64 decoded for Secret `data` / ConfigMap `binaryData`);
   * undefined when the value is templated or not valid base64. */
  readonly content: string | undefined;
  /** The field it came from: data, stringData, binaryData. */
  readonly field: 'data' | 'stringData' | 'binaryData';
  readonly object: K8sObject;
}

const B64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

export function decodeBase64(text: string): string | undefined {
  const t = text.replace(/\s+/g, '');
  if (!B64.test(t) || t.length % 4 === 1) return undefined;
  return Buffer.from(t, 'base64').toString('latin1');
}

/** Keys of a Secret (data + stringData; stringData wins as the API server merges it last) or
 * ConfigMap (data + binaryData). */
export function dataEntries(obj: K8sObject): Map<string, DataEntry> {
  const out = new Map<string, DataEntry>();
  const fields: Array<DataEntry['field']> = obj.kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData'];
  for (const field of fields) {
    const m: MapNode | undefined = getMap(obj.node, field);
    if (!m) continue;
    for (const p of m.pairs) {
      const v = isScalar(p.value) ? p.value : undefined;
      let content: string | undefined;
      if (v && !v.templated)
        content =
          field === 'stringData' || (obj.kind === 'ConfigMap' && field === 'data') ? v.text : decodeBase64(v.text);
      out.set(p.key.text, { key: p.key.text, keyNode: p.key, valueNode: v, content, field, object: obj });
    }
  }
  return out;
}

/** Whether a template inserts keys into the object's data we cannot see (parse/open.ts). */
export function dataOpen(obj: K8sObject): boolean {
  const fields = obj.kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData'];
  const pairs = obj.node.pairs.filter((p) => fields.includes(p.key.text));
  if (!pairs.length) return isOpen(obj.file, obj.node);
  return pairs.some((p) => isOpen(obj.file, p) || isOpen(obj.file, p.value));
}

export function spanOf(obj: K8sObject, node: { start: number; end: number }): Span {
  return nodeSpan(obj.file.uri, node);
}
