/**
 * English templates of the messages several rules (and the engine's own passes) share: the
 * wording of a certificate's name, of its other copies, of a folded consequence. Looked up after
 * the rule's own table (messages.ts); a rule never declares an id this table has (meta test).
 */
export const COMMON_MESSAGES: Readonly<Record<string, string>> = {
  // rules/support/cert-util.ts
  certOne: "certificate '{who}'",
  certOfMany: "certificate {n} of {total} ('{who}')",
  sameCertIn: 'the same certificate in {label}',
  alsoIn: ' (also in {labels})',
  // rules/support/util.ts
  listAnd: '{items} and {last}',

  // group 1 (rules/support/*.ts shared by group 1's rules)

  // group 2

  // group 3 (rules/support/tls-incomplete.ts, rules/support/identity-unset.ts; the clauses also in
  // metrics-tls-incomplete)
  tlsIncomplete:
    '{component} TLS is incomplete in {label}: {set} but {missing}. {component} then fails validation ' +
    '("{error}") and never becomes ready.',
  tlsOneSet: '{names} is set',
  tlsManySet: '{names} are set',
  tlsOneNotSet: '{names} is not',
  tlsManyNotSet: '{names} are not',
  tlsSetHere: '{param} is set here',
  tlsAddFile: 'Add {param}: {path}',
  tlsSetFile: 'Set {param}: {path}',
  tlsAddAllMissing: 'Add all missing: {params}',
  identityUnsetFelix:
    'Felix TLS is on in {label} ({params}) but neither {cn} nor {san} is set, so nothing says which ' +
    'identity Typha\'s server certificate must carry. Felix fails validation ("{error}").',
  identityUnsetTypha:
    'Typha TLS is on in {label} ({params}) but neither {cn} nor {san} is set, so nothing says which ' +
    'identity Felix\'s client certificate must carry. Typha fails validation ("{error}").',
  identityTurnsTlsOn: '{param} turns TLS on',
  identityAddCnFelix: 'Add {param}: {value} (the Typha server CN the Calico docs and the operator use)',
  identitySetCnFelix: 'Set {param}: {value} (the Typha server CN the Calico docs and the operator use)',
  identityAddCnTypha: 'Add {param}: {value} (the Felix client CN the Calico docs and the operator use)',
  identitySetCnTypha: 'Set {param}: {value} (the Felix client CN the Calico docs and the operator use)',

  // group 4
};
