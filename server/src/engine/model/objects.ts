import type { ParsedDocument, ParsedFile } from '../parse';
import { get, getMap, getScalar, getString, isMap, seqItems, type MapNode, type ScalarNode } from '../parse/tree';

/** A Kubernetes object found in a file, with the nodes rules need for positions. */
export interface K8sObject {
  readonly file: ParsedFile;
  readonly doc: ParsedDocument;
  readonly node: MapNode;
  readonly apiVersion: string;
  readonly kind: string;
  readonly kindNode: ScalarNode;
  readonly name: string | undefined;
  readonly nameNode: ScalarNode | undefined;
  readonly namespace: string | undefined;
}

/** Every object of every document; `kind: List` and `*List` wrappers (kubectl output) unwrapped. */
export function collectObjects(file: ParsedFile): K8sObject[] {
  const out: K8sObject[] = [];
  for (const doc of file.documents) addObject(out, file, doc, doc.root, 0);
  return out;
}

function addObject(out: K8sObject[], file: ParsedFile, doc: ParsedDocument, node: unknown, depth: number): void {
  if (!isMap(node as MapNode) || depth > 4) return;
  const map = node as MapNode;
  const kindNode = getScalar(map, 'kind');
  if (!kindNode || kindNode.templated || typeof kindNode.value !== 'string') return;
  const kind = kindNode.text;
  const items = get(map, 'items');
  if (/List$/.test(kind) && items) {
    for (const it of seqItems(items)) addObject(out, file, doc, it, depth + 1);
    return;
  }
  const meta = getMap(map, 'metadata');
  const nameNode = getScalar(meta, 'name');
  out.push({
    file,
    doc,
    node: map,
    apiVersion: getString(map, 'apiVersion') ?? '',
    kind,
    kindNode,
    name: nameNode && !nameNode.templated ? nameNode.text : undefined,
    nameNode,
    namespace: getString(meta, 'namespace') || undefined,
  });
}
