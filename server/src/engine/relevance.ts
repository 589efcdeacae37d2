/**
 * Which objects' contents the engine reads: the union of what the model's views, the material
 * finder, the dependency keys, the units, the editor services and every enabled rule declare
 * (model/reads.ts). compact.ts keeps any other object as its identity only.
 */
import { readsObject, type ObjectId, type Reads, type Relevance } from './model/reads';

export type { Relevance } from './model/reads';
import { READS as WORKLOADS } from './model/workloads';
import { READS as DATA } from './model/data';
import { READS as ETCD } from './model/etcd';
import { READS as APISERVER } from './model/kube-apiserver';
import { READS as MONITORS } from './model/monitors';
import { READS as PEERS } from './model/peers';
import { READS as OPERATOR } from './model/operator';
import { READS as CRD } from './model/crd';
import { READS as MATERIAL } from './certs/material';
import { READS as DEPS } from './deps';
import { READS as UNITS } from './units';
import { READS as NAVIGATE } from './services/navigate';
import { READS as COMPLETE } from './services/complete';
import { RULES } from './rules';
import type { SeverityOrOff } from './types';

/** What the model, the adapters' services and the engine's own bookkeeping read. */
export const ENGINE_READS: readonly Reads[] = [
  WORKLOADS,
  DATA,
  ETCD,
  APISERVER,
  MONITORS,
  PEERS,
  OPERATOR,
  CRD,
  MATERIAL,
  DEPS,
  UNITS,
  NAVIGATE,
  COMPLETE,
];

/**
 * Whether the engine reads an object's contents when the rules are configured so (a rule turned
 * off reads nothing). Every kind is read when a declaration reads it; anything else is identity.
 */
export function relevance(rules: Readonly<Record<string, SeverityOrOff>> = {}): Relevance {
  const reads = [...ENGINE_READS];
  for (const r of RULES) if (r.meta.reads && (rules[r.meta.id] ?? r.meta.severity) !== 'off') reads.push(r.meta.reads);
  const kinds = new Set(reads.flatMap((r) => r.kinds ?? []));
  const pickers = reads.filter((r) => r.objects);
  const keyPickers = reads.filter((r) => r.keys);
  const whole = (id: ObjectId) => kinds.has(id.kind) || readsObject(pickers, id);
  return Object.assign(whole, { keys: (id: ObjectId) => !whole(id) && keyPickers.some((r) => r.keys!(id)) });
}
