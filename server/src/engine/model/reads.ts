/**
 * What a reader of the model declares it reads: the kinds of objects whose contents it looks at
 * (beyond their identity), and any objects it picks by identity whatever their kind. A module
 * that reads object contents exports its `READS` (model views, certs/material.ts, deps.ts, the
 * editor services) or declares `meta.reads` (a rule reading objects itself); `relevance.ts`
 * unions them. A document no declaration reaches is kept as its identity only (compact.ts), so
 * a large CustomResourceDefinition or an unrelated kind costs no memory after parsing.
 * test/reads.test.ts scans every engine module for the kinds it compares against and fails when
 * one is not declared: a new rule or view cannot be starved by forgetting to declare.
 */

/** An object's identity: what a skeleton keeps. */
export interface ObjectId {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string | undefined;
}

export interface Reads {
  /** Kinds whose objects' contents are read. */
  readonly kinds?: readonly string[];
  /** Objects of any kind whose contents are read, picked by identity. */
  readonly objects?: (id: ObjectId) => boolean;
  /**
   * Objects of which only the keys of every mapping are read, not the values: the repeated keys
   * compact.ts keeps for a document it cuts (ParsedDocument.repeatedKeys), which a parse can find
   * from the text without composing the document (parse/keys.ts). duplicate-key on Calico's
   * CustomResourceDefinitions: most of calico.yaml, and nothing else reads them.
   */
  readonly keys?: (id: ObjectId) => boolean;
}

/** Whether any of the declarations reads the object's contents. */
export function readsObject(reads: readonly Reads[], id: ObjectId): boolean {
  return reads.some((r) => !!r.kinds?.includes(id.kind) || !!r.objects?.(id));
}

/** Whether the engine reads an object's contents (relevance.ts); `keys`: whether it reads only its keys. */
export interface Relevance {
  (id: ObjectId): boolean;
  /** Not read whole, but the keys of its mappings are (Reads.keys): compact.ts keeps its repeated keys. */
  readonly keys: (id: ObjectId) => boolean;
}
