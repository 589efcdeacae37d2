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


  // group 3


  // group 4


};
