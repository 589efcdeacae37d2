// Types of crd-validators.js, which scripts/gen-crd-schemas.mjs generates with ajv/standalone.
export interface CrdSchemaError {
  /** JSON pointer to the value in the object, e.g. `/spec/endpoints/0/tlsConfig`. */
  readonly instancePath: string;
  /** JSON pointer into the schema (crd-schemas.json's `schema`), prefixed with `#`. */
  readonly schemaPath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params: {
    readonly additionalProperty?: string;
    readonly missingProperty?: string;
    readonly allowedValues?: readonly unknown[];
    readonly type?: string | readonly string[];
    readonly [k: string]: unknown;
  };
}

export interface CrdValidator {
  (data: unknown): boolean;
  errors?: CrdSchemaError[] | null;
}

export declare const Installation: CrdValidator;
export declare const FelixConfiguration: CrdValidator;
export declare const ServiceMonitor: CrdValidator;
