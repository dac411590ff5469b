/**
 * Words made from numbers and names: the one place plurals and articles are made, so no page
 * says "8 prioritys", "1 versions" or "Add a intervention".
 */
const IRREGULAR: Record<string, string> = {
  person: 'people',
  child: 'children',
  analysis: 'analyses',
  criterion: 'criteria',
  'police force': 'police forces',
}

/** The plural of an English noun (its last word): priority → priorities, locality → localities, box → boxes. */
export function pluralOf(noun: string): string {
  const lower = noun.toLowerCase()
  if (IRREGULAR[lower]) return matchCase(noun, IRREGULAR[lower])
  if (/[^aeiou]y$/i.test(noun)) return `${noun.slice(0, -1)}ies`
  if (/(s|x|z|ch|sh)$/i.test(noun)) return `${noun}es`
  return `${noun}s`
}

function matchCase(original: string, word: string): string {
  return original[0] === original[0]!.toUpperCase() ? word[0]!.toUpperCase() + word.slice(1) : word
}

/** A number and its noun: 1 version, 8 priorities, 0 actions (the plural given, or made by pluralOf). */
export function counted(n: number, one: string, many: string = pluralOf(one)): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`
}

/** The noun alone, singular or plural by the number. */
export function nounFor(n: number, one: string, many: string = pluralOf(one)): string {
  return n === 1 ? one : many
}

/** "a" or "an" by the sound of the word that follows: an intervention, an assessment, a user, an hour. */
export function articleFor(word: string): 'a' | 'an' {
  const w = word.trim().toLowerCase()
  if (/^(hour|honest|honour|heir)/.test(w)) return 'an'
  if (/^(u[bcfhjkqrstn][aeiou]|uni|use|usu|one|once|eu|ewe)/.test(w)) return 'a'
  if (/^[0-9]/.test(w)) return /^(8|11|18)/.test(w) ? 'an' : 'a'
  return /^[aeiou]/.test(w) ? 'an' : 'a'
}

/** The word with its article: an intervention, a risk. */
export function withArticle(word: string): string {
  return `${articleFor(word)} ${word}`
}

/**
 * A form or file value as text: text as it is, a number or flag written out, anything else (an
 * object, an array, nothing) empty — never "[object Object]".
 */
export function asText(v: unknown): string {
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v)
  return ''
}
