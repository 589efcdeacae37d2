/**
 * The explicit rule registry, alphabetical. A test checks it matches the files in this folder
 * and that every rule has docs, fixtures and examples.
 */
import type { Rule } from './types';
import { rule as caCertNotCa } from './ca-cert-not-ca';
import { rule as certExpired } from './cert-expired';
import { rule as certExpiringSoon } from './cert-expiring-soon';
import { rule as certKeyMismatch } from './cert-key-mismatch';
import { rule as certNotPem } from './cert-not-pem';
import { rule as certNotYetValid } from './cert-not-yet-valid';
import { rule as certWeakAlgorithm } from './cert-weak-algorithm';
import { rule as felixTyphaIdentityUnset } from './felix-typha-identity-unset';
import { rule as felixTyphaParameterCase } from './felix-typha-parameter-case';
import { rule as felixTyphaTlsIncomplete } from './felix-typha-tls-incomplete';
import { rule as felixconfigurationLocalOnly } from './felixconfiguration-local-only';
import { rule as invalidUriSan } from './invalid-uri-san';
import { rule as privateKeyInvalid } from './private-key-invalid';
import { rule as secretInvalidBase64 } from './secret-invalid-base64';
import { rule as syntaxError } from './syntax-error';
import { rule as tlsFileKeyMissing } from './tls-file-key-missing';
import { rule as tlsFileNotMounted } from './tls-file-not-mounted';
import { rule as typhaCertUntrusted } from './typha-cert-untrusted';
import { rule as typhaCertUsage } from './typha-cert-usage';
import { rule as typhaClientIdentityUnset } from './typha-client-identity-unset';
import { rule as typhaFelixSameCn } from './typha-felix-same-cn';
import { rule as typhaIdentityMismatch } from './typha-identity-mismatch';
import { rule as typhaTlsIncomplete } from './typha-tls-incomplete';
import { rule as typhaTlsOneSided } from './typha-tls-one-sided';
import { rule as unknownTlsParameter } from './unknown-tls-parameter';

export const RULES: readonly Rule[] = [
  caCertNotCa,
  certExpired,
  certExpiringSoon,
  certKeyMismatch,
  certNotPem,
  certNotYetValid,
  certWeakAlgorithm,
  felixTyphaIdentityUnset,
  felixTyphaParameterCase,
  felixTyphaTlsIncomplete,
  felixconfigurationLocalOnly,
  invalidUriSan,
  privateKeyInvalid,
  secretInvalidBase64,
  syntaxError,
  tlsFileKeyMissing,
  tlsFileNotMounted,
  typhaCertUntrusted,
  typhaCertUsage,
  typhaClientIdentityUnset,
  typhaFelixSameCn,
  typhaIdentityMismatch,
  typhaTlsIncomplete,
  typhaTlsOneSided,
  unknownTlsParameter,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.meta.id, r]));
