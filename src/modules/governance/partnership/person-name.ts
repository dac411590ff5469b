const honorifics = new Set([
  'cllr',
  'councillor',
  'superintendent',
  'supt',
  'chief',
  'inspector',
  'insp',
  'sergeant',
  'sgt',
  'constable',
  'pc',
  'dr',
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'prof',
  'professor',
  'rev',
  'dci',
  'di',
  'ds',
  'ch',
  'det',
  'detective',
  'pcso',
  'police',
  'reverend',
  'revd',
  'ci',
  'acting',
  'commander',
  'district',
  'divisional',
])

/**
 * The key two spellings of one name share: case, punctuation, spacing and leading titles removed.
 * "Cllr Gill Taylor" and "gill  taylor" share a key; "Di Evans" does not become "Evans" because a
 * title is only dropped when a given name and family name remain after it.
 */
export function nameKey(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’'`]/g, '')
    .replace(/[^a-z0-9-]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
  while (words.length > 2 && honorifics.has(words[0]!)) words.shift()
  return words.join(' ')
}

/** Splits the owners of an "Action - John Newcombe / Andy Frost" line. */
export function splitOwnerNames(owners: string): string[] {
  return owners
    .split(/\s*(?:\/|,|&|\band\b)\s*/)
    .map((s) => s.trim())
    .filter(Boolean)
}
