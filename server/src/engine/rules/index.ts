/**
 * The explicit rule registry, alphabetical. A test checks it matches the files in this folder
 * and that every rule has docs, fixtures and examples.
 */
import type { Rule } from './types';
import { rule as felixTyphaIdentityUnset } from './felix-typha-identity-unset';
import { rule as felixTyphaParameterCase } from './felix-typha-parameter-case';
import { rule as felixTyphaTlsIncomplete } from './felix-typha-tls-incomplete';
import { rule as felixconfigurationLocalOnly } from './felixconfiguration-local-only';
import { rule as invalidUriSan } from './invalid-uri-san';
import { rule as syntaxError } from './syntax-error';
import { rule as tlsFileKeyMissing } from './tls-file-key-missing';
import { rule as tlsFileNotMounted } from './tls-file-not-mounted';
import { rule as typhaClientIdentityUnset } from './typha-client-identity-unset';
import { rule as typhaTlsIncomplete } from './typha-tls-incomplete';
import { rule as typhaTlsOneSided } from './typha-tls-one-sided';
import { rule as unknownTlsParameter } from './unknown-tls-parameter';

export const RULES: readonly Rule[] = [
  felixTyphaIdentityUnset,
  felixTyphaParameterCase,
  felixTyphaTlsIncomplete,
  felixconfigurationLocalOnly,
  invalidUriSan,
  syntaxError,
  tlsFileKeyMissing,
  tlsFileNotMounted,
  typhaClientIdentityUnset,
  typhaTlsIncomplete,
  typhaTlsOneSided,
  unknownTlsParameter,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.meta.id, r]));
