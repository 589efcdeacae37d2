// Types of scripts/crd-schemas.mjs, for test/crd-schemas.test.ts.
export interface ExtractedKind {
  readonly source: string;
  readonly apiVersions: readonly string[];
  readonly keep: readonly string[];
  readonly schema: unknown;
}
export interface Extracted {
  readonly kinds: Readonly<Record<string, ExtractedKind>>;
}
export declare const CRD_SOURCES: ReadonlyArray<{
  readonly kind: string;
  /** The CRD file in the corpus; absent when the schema comes from a model package. */
  readonly file?: string;
  readonly model?: { readonly package: string; readonly file: string; readonly cls: string };
  readonly apiVersions: readonly string[];
  readonly keep: readonly string[];
}>;
export declare function extractCrdSchemas(read: (file: string) => string): Extracted;
export declare function schemasJson(extracted: Extracted): string;
export declare function validatorsCode(extracted: Extracted): string;
