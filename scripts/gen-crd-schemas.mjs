// Regenerates server/src/engine/calico/crd-schemas.json (the TLS-relevant parts of the
// Installation, FelixConfiguration and ServiceMonitor CRDs) and crd-validators.js (the
// validators ajv/standalone generates from them) from the CRD files of the corpus. Run it when
// the corpus CRDs change; test/crd-schemas.test.ts fails until it has been run.
//   node scripts/gen-crd-schemas.mjs [corpus folder, default test/fixtures/corpus]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractCrdSchemas, schemasJson, validatorsCode } from './crd-schemas.mjs';

const corpus = process.argv[2] ?? 'test/fixtures/corpus';
const extracted = extractCrdSchemas((f) => readFileSync(join(corpus, f), 'utf8'));
const out = new URL('../server/src/engine/calico/', import.meta.url);
writeFileSync(new URL('crd-schemas.json', out), schemasJson(extracted));
writeFileSync(new URL('crd-validators.js', out), validatorsCode(extracted));
console.log(Object.keys(extracted.kinds).join(', '));
