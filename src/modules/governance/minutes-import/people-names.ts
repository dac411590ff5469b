// People in minutes: names with their agencies and roles, lists of them in the forms councils
// print (commas, "and", semicolons, "Councillors A, B and C", "Org: names", legends of initials,
// names and agencies run together on one line), and what a name looks like. Pure.
import { findDates } from './dates'
import { isFirstName } from './first-names'

export const ROLE_ONLY =
  /^(?:chair|co[- ]?chair|vice-?\s*chair(?:man|person)?|chairman|chairperson|deputy chair|minutes|minute taker|clerk|secretary|note[- ]?taker|observer|substitute|presenter|items? [\d, and]+)$/i

/** A role and nothing else, or roles listed: "(Chair)", "(Co-Chair, Minutes)". */
export const isRoleOnly = (s: string) => s.split(/\s*[,/&]\s*|\s+and\s+/).every((p) => ROLE_ONLY.test(p.trim()))

/** csp-hub's attendance groups, by the heading that introduced them (or the table's place). */
export const GROUPS = ['Core members', 'Partners attending', 'Officers and support'] as const
export const groupFor = (heading: string) =>
  /officer|in attendance|also|support|clerk/i.test(heading)
    ? GROUPS[2]
    : /\bpartners?\b|guest|invited|attending/i.test(heading)
      ? GROUPS[1]
      : GROUPS[0]

/** "Name (Agency)", "Name - Agency", "Name, Agency", "Name – Role, Agency". */
export function splitNameAgency(entry: string): { name: string; agency: string | null } {
  // ("Roger Blantern, (co-chair)": a comma before the bracket.)
  let s = entry
    .trim()
    .replace(/[.;]$/, '')
    .replace(/,\s*(?=\()/, ' ')
    // "Councillor Thompson (Chair) (Midlothian Council)": the role comes off before the agency's bracket.
    .replace(/\s*\((?:co[- ]?chair|chair(?:man|person)?|vice[- ]chair(?:man)?)\)(?=\s*\()/i, '')
  // "Mike Batty – Head of Community Protection, SBC (MB) (Chair)": the legend's initials at the end (and
  // a role after them) come off, the name's own.
  const lead = /^([^,–—(]+?)\s+[-–—]\s|^([^,–—(]+?),/.exec(s)
  const tail =
    /\s*\(([A-Z]{2,4})\)(?:\s*\((?:[Cc]o[- ]?)?(?:[Cc]hair(?:man|person)?|[Vv]ice[- ][Cc]hair(?:man)?|[Mm]inutes)\))?\s*$/.exec(
      s,
    )
  const leadName = lead?.[1] ?? lead?.[2]
  if (leadName && tail && looksLikeName(leadName.trim()) && initialsMatch(tail[1]!, leadName.trim()))
    s = s.slice(0, tail.index).trim()
  // "Mr. Gary Purves of Knight Frank": a titled person of a firm.
  const of = /^(.+?)\s+of\s+((?:the\s+)?[A-Z][\w&'’.-]*(?:\s+[A-Z&][\w&'’.-]*){0,5})$/.exec(s)
  if (of && HONORIFIC.test(of[1]!) && looksLikeName(of[1]!)) return { name: of[1]!.trim(), agency: of[2]!.trim() }
  // "Hazel Park Treasurer", "Graham Bennett Chairman": an office after the name, no agency.
  const office = /^(.+?)\s+((?:Vice[- ])?(?:Chair(?:man|person)?|Secretary|Treasurer|Clerk|Minutes? Secretary))$/.exec(
    s,
  )
  if (office && looksLikeName(office[1]!) && office[1]!.split(/\s+/).length >= 2)
    return { name: office[1]!, agency: null }
  // "Name - Agency (Chair)": the role in brackets comes off before the agency is found.
  const role = /^(.+?)\s*\((?:co[- ]?chair|chair|chairman|chairperson|vice[- ]chair(?:man)?)\)\s*$/i.exec(s)
  if (role && /\s[-–—]\s|,/.test(role[1]!)) s = role[1]!
  // "Cllr Neil Harden (Chairman) Dacorum Borough Council": the role between the name and the agency.
  const between = /^(.+?)\s*\((?:(?:vice[- ]|co[- ])?chair(?:man|person)?)\)\s+([A-Z].+)$/i.exec(s)
  if (between && looksLikeName(between[1]!)) return { name: between[1]!.trim(), agency: between[2]!.trim() }
  const paren = /^(.+?)\s*\((.+)\)\s*$/.exec(s)
  // "Stephen Vickers, Society of Local Authority Chief Executives (SOLACE)": the bracket closes the agency.
  const before = paren ? /^([^,]+),\s*(.+)$/.exec(paren[1]!) : null
  if (before && looksLikeName(before[1]!) && !looksLikeName(paren![1]!))
    return { name: before[1]!.trim(), agency: `${before[2]!.trim()} (${paren![2]!.trim()})` }
  // "Nick Berry (Treasurer)": a role, not an agency.
  if (paren)
    return {
      name: paren[1]!.trim(),
      agency:
        isRoleOnly(paren[2]!) || /^(?:treasurer|(?:vice[- ])?president)$/i.test(paren[2]!) ? null : paren[2]!.trim(),
    }
  // "Paula James / Chair": a table's cells parted by a slash.
  const slash = /^(.+?)\s+[/|]\s+(.+)$/.exec(s)
  if (slash && looksLikeName(slash[1]!)) return { name: slash[1]!.trim(), agency: slash[2]!.trim() }
  // "Ian Fisher, County Secretary and Solicitor - Lancashire County Council": the name before the comma.
  const commaFirst = /^([^,–—()]+?),\s*(.+\s[-–—]\s.+)$/.exec(s)
  if (commaFirst && looksLikeName(commaFirst[1]!.trim()))
    return { name: commaFirst[1]!.trim(), agency: agencyWithoutRole(commaFirst[2]!.trim()) }
  const dash = /^(.+?)\s+[-–—]\s+(.+)$/.exec(s)
  if (dash) {
    // "PC D Brennan (Clissold) – Dedicated Ward Officer": the bracket is the agency's too.
    const inner = /^(.+?)\s*\(([^)]+)\)$/.exec(dash[1]!.trim())
    if (inner && looksLikeName(inner[1]!)) return { name: inner[1]!.trim(), agency: `${inner[2]} – ${dash[2]!.trim()}` }
    return { name: dash[1]!.trim(), agency: dash[2]!.trim() }
  }
  // "Ian Blake-Abbey", "John Syme (Chairman)-Mid and Upper Nithsdale": a hyphen with no spaces after
  // the name, then the ward or agency (a double-barrelled surname has one capitalised word after it).
  const tight = /^(.+?)(?:\s*\(([^)]*)\))?-([A-Z][\w'’]*(?:\s+\S+)+)$/.exec(s)
  if (tight && looksLikeName(tight[1]!)) return { name: tight[1]!.trim(), agency: tight[3]!.trim() }
  // "Jeff Cuthbert, AM": letters after a name are the name's.
  const letters = /^([^,]+?),?\s+((?:AM|MS|MP|MSP|MLA|JP|MBE|OBE|CBE|QPM|DL|BEM)(?:\s+[A-Z]{2,3})*)$/.exec(s)
  if (letters && looksLikeName(letters[1]!)) return { name: `${letters[1]!.trim()} ${letters[2]}`, agency: null }
  const comma = /^([^,]+?),\s*(.+)$/.exec(s)
  if (comma && looksLikeName(comma[1]!)) return { name: comma[1]!.trim(), agency: comma[2]!.trim() }
  return { name: s, agency: null }
}

export const HONORIFIC =
  /^(?:[a-z]\/(?=s|i))?(?:mayor|dcc|acc|dpcc|governor|cty\.? cllr\.?|cllr\.?|c?clr\.?|councillor|county councillor|(?:police\s+|detective\s+)?(?:supt\.?|superintendent|inspector|sergeant|constable)|chief\s+\w+|acting\s+\w+\.?|insp(?:ector)?\.?|sgt\.?|sergeant|pcso|pc|dc|ds|di|dci|ci|dr\.?|mr\.?|mrs\.?|ms\.?|miss|mx|prof\.?|professor|rev\.?|lord|lady|sir|dame|colonel|col\.?|major|maj\.?|captain|capt\.?|lieutenant|lt\.?|brigadier|(?:divisional |borough |area |station |group )?commander)(?:\s+|(?<=\.)(?=[A-Z][a-z]))/i

/** A name without its titles, as words: "Cllr Mrs Jo Baker" gives ["Jo", "Baker"]. */
const bareWords = (name: string) => name.replace(HONORIFIC, '').replace(HONORIFIC, '').trim().split(/\s+/)

/**
 * Whether a name read from the narrative ("Councillor Laws", "Chris Hogan") is someone already
 * listed: the same surname, and the same first initial where both print a first name.
 */
export function alreadyListed(name: string, people: readonly { name: string }[]): boolean {
  const words = bareWords(name)
  return people.some((p) => {
    const listed = bareWords(p.name)
    if (listed.at(-1)?.toLowerCase() !== words.at(-1)?.toLowerCase()) return false
    return words.length < 2 || listed.length < 2 || listed[0]![0]!.toLowerCase() === words[0]![0]!.toLowerCase()
  })
}

/** "Matthew EllisPolice and Crime Commissioner": a name glued to the cell after it, as [name, rest]; or null. */
export function gluedName(t: string): [string, string] | null {
  // ("Sgt. Tracy McKenzieCannock LPT", "Chief Inspector MorreyCannock Chase …": a title before the name.)
  const title = HONORIFIC.exec(t)?.[0] ?? ''
  const rest = t.slice(title.length)
  const m =
    /^((?:[A-Z][a-z'’]+[ -]){0,2}(?:Mc|Mac|O[’'])?[A-Z][a-z'’]*[a-z]{2}(?:-[A-Z][a-z'’]+)?)(?<!\bMc|\bMac)([A-Z](?:[a-z]|[A-Z]+\b).*)$/.exec(
      rest,
    )
  if (!m || (!title && !/\s/.test(m[1]!))) return null
  const named = title ? looksLikeName(`${title}${m[1]}`) : isFirstName(m[1]!.split(/\s+/)[0]) && looksLikeName(m[1]!)
  return named ? [`${title}${m[1]}`, m[2]!] : null
}

/** Words that make a phrase an organisation's name, not a person's. */
export const ORG_WORD =
  /\b(?:police|council|service|services|nhs|fire|trust|probation|office|commissioner|partnership|authority|association|housing|team|group|board|agency|department|centre|center|forum|charity|ltd|cic|hospital|university|college|school|constabulary|icb|community|safety|youth|justice|health|care|rescue|borough|county|district|city|network|project|unit|directorate|corporation|society|foundation|church|limited|company|brigade|homes|commission|cdrp|csp|panel|committee|voluntary|prisons?|hmpps|crc|cps|alliance|magistrates|policing|sector|government|healthcare|aid|alcohol|drugs?|communities|personnel|users|yos|yot|opcc|pcc|snt|npt|lpu)\b/i

/** Words of a job or a role: a phrase with one is a description ("Principal Policy Officer"), not a name. */
export const ROLE_WORD =
  /\b(?:officer|manager|director|administrator|clerk|editor|portfolio holder|assistant|co-?ordinator|executive|head of|lead for|principal|member|members|chair|chairman|advisor|adviser|analyst|leader|secretary|minister|representative|rep|worker|resident|residents|magistrate|governor|consultant|specialist|practitioner|supervisor|commander|deputy|interim|acting head|support|training|development|engagement|manager|chief inspector|head)\b/i

/** Words of an agenda's titles, never of a person's name: "Action Sheet", "Matters Arising". */
const DOC_WORD =
  /\b(?:actions?|report|update|sheet|plan|strategy|review|matters|minutes|meeting|agenda|items?|business|welcome|introductions|apologies|declarations?|presentation|budget|finance|performance|priorities|terms of reference)\b/i

/** The last word of a place's name (a surname too, so only without a first name before it). */
export const PLACE_WORD =
  /^(?:street|road|lane|avenue|drive|close|way|square|place|hall|room|chamber|teams|zoom|house|building|suite|park|station|library|church|chapel|centre|offices)$/i

/** Two to five words, each starting with a capital (an honorific allowed): a person's name. */
export function looksLikeName(s: string): boolean {
  // "MS Teams", "The Folly", "North East": a platform, a place or a region, not a person.
  if (
    /^(?:press|public|media|members of the public|residents?|observers?)$/i.test(s.trim()) ||
    /^MS\s/.test(s.trim()) ||
    /^the\s/i.test(s.trim()) ||
    /^(?:north|south|east|west|mid|central)(?:\s+(?:east|west|north|south|midlands))?$/i.test(s.trim())
  )
    return false
  const t0 = s.trim().replace(HONORIFIC, '').replace(HONORIFIC, '')
  // "Mr peter Bond": a first name typed in lower case after a title.
  const t =
    t0 !== s.trim() && /^[a-z]/.test(t0) && isFirstName(t0.charAt(0).toUpperCase() + t0.split(/\s+/)[0]!.slice(1))
      ? t0.charAt(0).toUpperCase() + t0.slice(1)
      : t0
  // ("Amey-Head": a double-barrelled surname, not a head of anything.)
  const unbarrelled = t.replace(/(?<=[a-z])-(?=[A-Z][a-z])/g, '')
  if (
    t.length < 3 ||
    t.length > 60 ||
    /\d|:/.test(t) ||
    ORG_WORD.test(unbarrelled) ||
    ROLE_WORD.test(unbarrelled) ||
    DOC_WORD.test(t)
  )
    return false
  const words = t.split(/\s+/)
  if (words.length < 1 || words.length > 5) return false
  // "Hall Street", "MS Teams", "Bootle Town Hall": a place, unless a title or a first name says a person.
  if (
    words.length > 1 &&
    PLACE_WORD.test(words.at(-1)!) &&
    ((!HONORIFIC.test(s.trim()) && !isFirstName(words[0])) ||
      /^(?:teams|zoom|room|chamber|suite|centre|offices|library|building)$/i.test(words.at(-1)!))
  )
    return false
  // A surname alone is a name only with a title before it ("Cllr Bevan").
  // "Chief Inspector", "Deputy Assistant Commissioner": titles and ranks with no one's name after them.
  if (
    t
      .split(/\s+/)
      .every((w) =>
        /^(?:chief|inspector|superintendent|sergeant|constable|detective|police|deputy|assistant|acting|commissioner|commander|councillor|cllr|mayor|rep|divisional|borough)\.?$/i.test(
          w,
        ),
      )
  )
    return false
  // "Chief Inspector", "Police Superintendent": a rank with no one's name after it.
  if (
    words.length === 1 &&
    /^(?:inspector|superintendent|sergeant|constable|officer|commander|councillor|mayor)$/i.test(words[0]!)
  )
    return false
  if (words.length === 1)
    return /^(?:O[’']|Mc|Mac|D[’'])?[A-Z][a-z'’-]+(?:-[A-Z][a-z'’]+)?$/.test(words[0]!) && HONORIFIC.test(s.trim())
  return words.every((w) =>
    /^(?:[A-Z][A-Za-z'’–-]*\.?|(?:[A-Z]\.){1,4}|de|van|von|der|la|le|du|da|di|bin|al|O’[A-Z][a-z]+)$/.test(w),
  )
}

const PARTICLE = '(?:van|von|de|der|den|la|le|du|da|di|dos|bin|al)'
/** Whether a list entry starts with a person's name: its first capitalised words. */
export const startsWithName = (rest: string) => {
  // "Chris van Duuren": a surname's particle in lower case.
  const word = `[A-Z][\\w'’.-]*\\s+(?:${PARTICLE}\\s+){0,2}`
  const lead = new RegExp(
    `^((?:Cllr|Councillor|Dr|Mr|Mrs|Ms|Miss|Supt|Insp|Sgt|PC|DC|DS|DI|DCI|Prof|Rev)\\.?\\s+(?:${word}){0,3}[A-Z][\\w'’-]*|(?:${word}){1,3}[A-Z][\\w'’-]*)`,
  ).exec(rest.trim())
  if (!lead) return false
  if (looksLikeName(lead[1]!)) return true
  // "Catherine Cowie Secretary": a name, then the office held.
  const words = lead[1]!.split(/\s+/)
  return (
    words.length >= 3 &&
    /^(?:Chair(?:man|person)?|Secretary|Treasurer|Clerk)$/.test(words.at(-1)!) &&
    looksLikeName(words.slice(0, -1).join(' ')) &&
    isFirstName(words[0])
  )
}

/** "Wigi and Vajira Wignarajah, …": two first names and the surname they share. */
const COUPLE = /^[A-Z][a-z'’-]+\s+(?:and|&)\s+[A-Z][a-z'’-]+\s+([A-Z][\w'’-]+)\s*(?:[,;.]|$)/
/** Whether an entry is a person with a post or agency after a comma ("Sandy Brindley, Third Sector Specialist"). */
const described = (entry: string) =>
  entry
    .split(/,|\s[-–—]\s/)
    .slice(1)
    .some((part) => !/^\s*\(/.test(part) && (ROLE_WORD.test(part) || ORG_WORD.test(part)))

/** Splits "A (X), B (Y) and C" at commas, semicolons and "and" outside brackets. */
/** Parts of a list at its commas outside brackets. */
const commaParts = (s: string): string[] => {
  const out: string[] = []
  let depth = 0
  let cur = ''
  for (const c of s) {
    if (c === '(') depth++
    if (c === ')') depth = Math.max(0, depth - 1)
    if (c === ',' && depth === 0) {
      out.push(cur.trim())
      cur = ''
    } else cur += c
  }
  out.push(cur.trim())
  return out.filter(Boolean)
}

/** "Bron, Rachel, Christophe, Ken, Phil, …": people by their first names, as a residents' group lists them. */
export function firstNamesList(s: string): string[] | null {
  const parts = commaParts(s.replace(/[.,]$/, ''))
  const alone = parts.filter((p) => /^[A-Z][a-z'’-]+$/.test(p))
  const first = alone.filter((p) => isFirstName(p))
  // Single names, most of them first names, and any others full names ("Sophie Cameron (…)", "PC Ali Dag").
  return parts.length >= 4 &&
    first.length >= 2 &&
    first.length >= alone.length * 0.6 &&
    alone.length >= parts.length * 0.5 &&
    parts.every((p) => alone.includes(p) || looksLikeName(p.replace(/\s*\(.*$/, '')))
    ? parts
    : null
}

export function splitList(s: string, loose0 = false): string[] {
  const firsts = firstNamesList(s)
  if (firsts) return firsts
  // "Barnet (Derrick Cheung), Croydon (Graham Speed), Greenwich and Sutton (John Turner)": places or
  // bodies with their people in brackets, every comma and "and" a boundary.
  const loose = loose0 || (s.match(/[A-Z][\w'’-]+\s*\([A-Z][a-z]+ [A-Z][\w'’-]+\)/g) ?? []).length >= 2
  // "Wigi and Vajira Wignarajah" shares a surname only in a list of bare names (not in "Skills and
  // Natural Resources", a post's words, nor among councillors' surnames), or after a title ("Mr and Mrs Masters").
  // (Roles in brackets aside: "Garry Turnbull (Chair), …".)
  const plain = s.replace(/\s*\(([^()]*)\)/g, (b, inner: string) => (isRoleOnly(inner) ? '' : b))
  const bareNames =
    plain.includes(',') &&
    !/[()]/.test(plain) &&
    !ORG_WORD.test(plain) &&
    !ROLE_WORD.test(plain) &&
    !/^(?:cllrs?|councillors?)\b/i.test(plain)
  const couple = (t: string) => {
    const m = COUPLE.exec(t)
    return m && (bareNames || /^(?:mr|mrs|ms|dr)\b/i.test(t)) ? m : null
  }
  const out: string[] = []
  let depth = 0
  let cur = ''
  // Within "Sandy Brindley, Third Sector Specialist, Rape Crisis Scotland" (a person already
  // described), the next person must start with a title or a first name, not an agency's words.
  const nextPerson = (rest: string) =>
    startsWithName(rest) && (!described(cur) || HONORIFIC.test(rest.trim()) || isFirstName(rest.trim().split(/\s+/)[0]))
  const flush = () => {
    if (cur.trim()) out.push(cur.trim())
    cur = ''
  }
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!
    if (c === '(' || c === '[') depth++
    if (c === ')' || c === ']') {
      depth = Math.max(0, depth - 1)
      // "Dave Hill (Cleveland Police) Joanne Hodgkinson (…)": a comma left out between two people.
      if (depth === 0 && c === ')' && / [A-Z]/.test(s.slice(i + 1, i + 3)) && startsWithName(s.slice(i + 1))) {
        cur += c
        flush()
        continue
      }
    }
    if (depth === 0 && (c === ';' || c === ',')) {
      const rest = s.slice(i + 1).trim()
      // "Barnet (Derrick Cheung), Croydon (Graham Speed)": a place or body with its person in brackets.
      const bracketed = /\)$/.test(cur.trim()) && /^[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s*\(/.test(rest)
      if (c === ',' && bracketed) {
        flush()
        continue
      }
      // "Name, Agency" inside one entry is common; a comma splits only if what follows starts a name.
      // "Cllr W Wyatt-Lowe, Mahmood, Mathews and Cllr Guest": surnames alone among councillors.
      const surname =
        /^(?:cllrs?|councillors?)\b/i.test(out[0] ?? cur.trim()) &&
        !/\s[-–—]\s|\(/.test(cur) &&
        /^[A-Z][a-z'’-]{2,}(?:,|\s+and\b|$)/.test(rest)
      if (c === ',' && !loose && !nextPerson(rest) && !surname && !couple(rest)) {
        cur += c
        continue
      }
      flush()
      continue
    }
    // "Robert Murray & Ross Anderson": two people, each named in full.
    if (
      depth === 0 &&
      s.slice(i, i + 3) === ' & ' &&
      cur.trim().split(/\s+/).length >= 2 &&
      looksLikeName(cur.trim()) &&
      startsWithName(s.slice(i + 3)) &&
      (HONORIFIC.test(s.slice(i + 3).trim()) ||
        isFirstName(
          s
            .slice(i + 3)
            .trim()
            .split(/\s+/)[0],
        )) &&
      /^\S+\s+\S+/.test(s.slice(i + 3).trim())
    ) {
      flush()
      i += 2
      continue
    }
    if (depth === 0 && s.slice(i, i + 5).toLowerCase() === ' and ' && (loose || nextPerson(s.slice(i + 5)))) {
      // "Wigi and Vajira Wignarajah": two people who share the surname printed once.
      const pair = couple(`${cur.trim()}${s.slice(i)}`)
      if (pair && /^[A-Z][a-z'’-]+$/.test(cur.trim())) cur += ` ${pair[1]}`
      flush()
      i += 4
      continue
    }
    cur += c
  }
  flush()
  return out
}

/**
 * A run of people each with their initials in brackets after the name and what they are around it
 * ("Drew Russell (DR) Chair Cllr Alison Evison Aberdeenshire Council (AE) Sharon Park (SP) Secretary …
 * Bob McKinney (BM) Treasurer Colin Pike (CP) Planning Avril Tulloch (AT)"): each bracket names its
 * person, the words before it whose initials they are. The words between a name and its bracket are
 * the agency; failing those, the words after the bracket before the next name ("Chair", "Thorn Court").
 * Three or more, every bracket read, or null.
 */
export function peopleByInitials(t: string): string[] | null {
  const marks = [...t.matchAll(/\(([A-Z][A-Za-z]?[A-Z]{1,3})\)/g)]
  if (marks.length < 3) return null
  const out: string[] = []
  let from = 0
  for (const m of marks) {
    const before = t.slice(from, m.index).trim().split(/\s+/)
    // The name: the last run of capitalised words, honorifics before them, whose initials the bracket
    // gives ("Henry Irvine-Fortescue (HIF)": each part of a double-barrelled name its letter).
    let found = -1
    let n = 0
    for (let k = before.length - 1; k >= 0 && found < 0; k--)
      for (let len = 1; len <= 4 && found < 0; len++) {
        const words = before.slice(k, k + len)
        const letters = words
          .flatMap((w) => w.split('-'))
          .map((w) => w[0])
          .join('')
        // ("J Smith (JS)", "H de Boer (HdB)", "M D’Arby (MD)": an initial for the first name; a particle.)
        const plain = m[1]!.replace(/[a-z]/g, '')
        const lettersOf = words
          .filter((w) => !/^(?:de|van|von|le|la|du|da|di)$/.test(w))
          .map((w) => w[0])
          .join('')
        if (
          words.length === len &&
          words.every(
            (w, j) =>
              /^[A-Z][a-zA-Z'’-]+$/.test(w) || (j < len - 1 && /^(?:[A-Z]\.?|de|van|von|le|la|du|da|di)$/.test(w)),
          ) &&
          (letters === m[1] || (lettersOf === plain && /^[A-Z]/.test(words[0]!)))
        ) {
          found = k
          n = len
        }
      }
    if (found < 0) return null
    let start = found
    while (start > 0 && RUN_ON_TITLE.test(before[start - 1]!)) start--
    const name = before.slice(start, found + n).join(' ')
    const agency = before.slice(found + n).join(' ')
    // ("J Smith (JS) Thorn Court Apt S Antrobus (SA) …": words after a bracket, before the next name,
    // are the place or agency of the person before, where that one had none before their bracket.)
    const after = before.slice(0, start).join(' ')
    if (after && out.length && !/\(/.test(out.at(-1)!)) out[out.length - 1] = `${out.at(-1)} (${after})`
    out.push(agency ? `${name} (${agency})` : name)
    from = m.index + m[0].length
  }
  return out
}

/**
 * A legend run on one line, each person's initials before their name ("AF PCSO Andy Freeman PF PC Pete
 * Farrell RM Richard Macrae, Stapleford Community Group SAS Sue Sambells, …"): each initials mark starts
 * a person whose name they match; what follows the name, to the next mark, is theirs. Three or more,
 * the first at the start, or null.
 */
export function legendRun(t: string): string[] | null {
  /** The name a mark starts, when the words after it have its initials: [title, name]. */
  const nameAt = (initials: string, after: string): [string, string] | null => {
    // ("PF PC Pete Farrell": "PC" is his title, not a mark.)
    if (/^(?:PC|DC|DS|DI|CI|DCI|ACC|DCC|PCSO)$/.test(initials)) return null
    const title = HONORIFIC.exec(after)?.[0] ?? ''
    const words = after.slice(title.length).split(/\s+/)
    // Two to four capitalised words (or initials) whose first letters the mark gives.
    for (let n = 2; n <= Math.min(4, words.length); n++) {
      const name = words.slice(0, n).map((w) => w.replace(/,$/, ''))
      if (
        name.every(
          (w, k) =>
            /^(?:[A-Z][a-z][a-zA-Z'’-]*|(?:[A-Z]\.){1,3}(?:[A-Z][a-zA-Z'’-]*)?)$/.test(w) ||
            // ("JE John T Evans": a middle initial.)
            (k > 0 && k < n - 1 && /^[A-Z]$/.test(w)),
        ) &&
        initialsMatch(initials, name.join(' '))
      )
        return [title, name.join(' ')]
      if (/,$/.test(words[n - 1]!)) break
    }
    return null
  }
  const marks = [...t.matchAll(/(?<=^|\s)([A-Z]{2,4})\s+(?=[A-Z])/g)].flatMap((m) => {
    const found = nameAt(m[1]!, t.slice(m.index + m[0].length))
    return found ? [{ at: m.index, end: m.index + m[0].length, title: found[0], name: found[1] }] : []
  })
  if (marks.length < 3 || marks[0]!.at !== 0) return null
  return marks.map((m, k) => {
    const entry = t.slice(m.end, marks[k + 1]?.at ?? t.length).trim()
    // What follows the name, to the next mark, is theirs ("Chair SNB, Stop and Search", ", Bramcote NHW").
    const desc = entry
      .slice(m.title.length + m.name.length)
      .replace(/^\s*,?\s*/, '')
      .trim()
    return desc ? `${m.title}${m.name} (${desc})` : `${m.title}${m.name}`
  })
}

/** A legend line "AC Cllr. Alison Cooper (Chair)" or "Alison Cooper (AC)": initials and the name. */
export function legendEntry(s: string): { initials: string; name: string; rest: string } | null {
  const first = /^([A-Z]{2,4})(?:\s*[-–:]\s*|\s+)(.+)$/.exec(s.trim())
  if (first) {
    const { name, agency } = splitNameAgency(first[2]!)
    if (looksLikeName(name) && initialsMatch(first[1]!, name)) return { initials: first[1]!, name, rest: agency ?? '' }
  }
  // "Lorraine Forrester (LF) Transport Scotland (Chair)": the agency may follow with no separator.
  const last = /^(.+?)\s*\(([A-Z]{2,4})\)\s*(?:[-–,:]\s*)?(.*)$/.exec(s.trim())
  // One person's entry, not a list of them ("Cllr Ian Waite (IW), Chair; Cllr Alan Twist (AT) …").
  // ("Marion Lewis (ML) Chair/East Midlands (EM)": a region's code closing the entry is the agency's.)
  // (Not another person with theirs: "Sian Dawson (SD), John Kennedy (JK)".)
  const rest = last?.[3] ?? ''
  const one =
    !!last &&
    !/;|\([A-Z]{2,4}\)(?!\s*$)/.test(rest) &&
    !(
      /\([A-Z]{2,4}\)\s*$/.test(rest) &&
      looksLikeName(rest.replace(/\s*\([A-Z]{2,4}\)\s*$/, '')) &&
      isFirstName(rest.replace(/^[,\s]+/, '').split(/\s+/)[0])
    )
  const bare = (n: string) => n.replace(/\s+(?:JP|MBE|OBE|CBE|QPM|DL|KC|QC|BEM)\b/g, '')
  if (last && one && looksLikeName(bare(last[1]!)) && initialsMatch(last[2]!, bare(last[1]!)))
    return { initials: last[2]!, name: last[1]!.trim(), rest: agencyWithoutRole(last[3]?.trim() ?? '') }
  return null
}

/**
 * The organisation in a description that also gives a job: "Road Safety Scotland – Education
 * Adviser" and "Safety Camera Unit Manager, Police Scotland" are both "… Scotland". A part with a
 * role's word goes when another part has none; a bare role in brackets at the end goes too.
 */
export function agencyWithoutRole(desc: string): string {
  const s = desc.replace(/\s*\((?:co[- ])?(?:chair|chairman|chairperson|vice[- ]chair|minutes)\)\s*$/i, '').trim()
  const parts = s.split(/\s+[–—-]\s+|,\s+/)
  if (parts.length < 2) return s
  const orgs = parts.filter((p) => !ROLE_WORD.test(p))
  return orgs.length && orgs.length < parts.length ? orgs.join(', ') : s
}

export function initialsMatch(initials: string, name: string): boolean {
  const letters = name
    .replace(HONORIFIC, '')
    .replace(HONORIFIC, '')
    .split(/[\s-]+/)
    .filter((w) => /^[A-Z]/.test(w))
    .map((w) => w[0])
    .join('')
  const words = name.replace(HONORIFIC, '').replace(HONORIFIC, '').split(/\s+/)
  // "AOK Alex O'Keefe", "DOC Dax O'Connor": the first letter, and the last found in the family name.
  return (
    letters === initials ||
    (letters[0] === initials[0] && letters.at(-1) === initials.at(-1)) ||
    (letters[0] === initials[0] && !!words.at(-1)?.toUpperCase().includes(initials.at(-1)!))
  )
}

/** A list's group label before its names ("Core Membership Cllr Kerby …", "Attendees Graham Duggan …"). */
export const withoutGroupLabel = (t: string) =>
  t.replace(
    /^(?:core membership|core members|members|attendees|partners attending|officers|in attendance|also present|observers|guests|advisers|advisors|substitutes)\s*[:\-–]?\s+(?=[A-Z])/i,
    '',
  )

export const RUN_ON_TITLE =
  /^(?:(?:[A-Z]|Ch)\/(?:Supt|Superintendent|Insp|Inspector|Sgt|Ch\.?\s?Insp)\.?|Cllr\.?|Councillor|Chief|Acting|Deputy|Professor|ACC|DCC|DPCC|Insp\.?|Inspector|Supt\.?|Superintendent|Det\.?|DCI|DI|CI|PC|Sgt\.?|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Miss|Lord|Lady|Sir|Dame|Prof\.?)$/
export const POST_NOMINAL = /^(?:JP|MBE|OBE|CBE|QPM|DL|KC|QC|BEM)$/

/**
 * People run together on one line with no separators, as a PDF's attendance table comes out when
 * flattened: "Cllr Kerby (Chair) North District Council Cllr Pipe Council … Pam O’Shea Clinical
 * Commissioning Group Chief Insp. Peter Browning Dorset Police". A person starts at a title, or at
 * two capitalised words that are not an organisation's straight after an agency's last word. Null
 * when the line does not read that way (fewer than three people found, or commas that separate).
 */
export function runOnPeople(t: string): string[] | null {
  if (t.length < 80 || (t.match(/;/g) ?? []).length >= 3) return null
  // Commas that already part names ("Chair Cllr. C Edwards, Cllr. P Rudd, …") leave nothing to run on; commas
  // inside posts ("Ryan Thurman Group Commander, North Hampshire …") do not.
  const byComma = t.split(/,\s*/).map((e) =>
    e
      .replace(/\s*\([^)]*\)/g, '')
      .replace(/^(?:and|chair)\s+/i, '')
      .trim(),
  )
  if (byComma.length >= 3 && byComma.filter((e) => looksLikeName(e)).length >= byComma.length * 0.6) return null
  const words = t.split(/\s+/).filter(Boolean)
  const cap = (w: string | undefined) => !!w && /^[A-Z][A-Za-z'’.-]*$/.test(w) && !ORG_WORD.test(w)
  // Place words: those printed just before an organisation's word ("Dorset Police", "Public Health")
  // belong to an agency's name; a person does not start at one, but may start right after one.
  const places = new Set(
    words.filter(
      (w, k) => ORG_WORD.test(words[k + 1] ?? '') && !ORG_WORD.test(w) && !/^(?:&|and|of|the|for)$/i.test(w),
    ),
  )
  const out: { name: string[]; agency: string[] }[] = []
  let titles = 0
  let afterLabel = false
  // Words that stand before a place-based organisation's word ("Christchurch Borough Council",
  // "Dorset Police") are places: a title's second word that is one starts the agency.
  const placeOf = new Set(
    words.filter(
      (_, k) =>
        /^(?:Councils?|Police|Constabulary|Fire)$/.test(words[k + 1] ?? '') ||
        // "Christchurch Borough Council", not "Kennedy Borough Commander"
        (/^(?:Borough|County|District|City)$/.test(words[k + 1] ?? '') && ORG_WORD.test(words[k + 2] ?? '')),
    ),
  )
  // Bracket depth before each word: "(substituted by Councillor Jones)" starts no one.
  const depth = bracketDepths(words)
  let i = 0
  while (i < words.length) {
    const w = words[i]!
    if (depth[i] && out.length) {
      out.at(-1)!.agency.push(w)
      i++
      continue
    }
    // A group's label in the middle of the run ("… Company Officers Albert Wilson …") separates, nothing more.
    if (/^(?:Officers|Attendees|Members|Partners|Apologies)$/.test(w) && cap(words[i + 1])) {
      i++
      afterLabel = true
      continue
    }
    const prev = words[i - 1]
    // "CA Carole Atkinson Chair SNB …": a column of initials before each name (a legend, flattened).
    if (
      /^[A-Z]{2,3}$/.test(w) &&
      cap(words[i + 1]) &&
      cap(words[i + 2]) &&
      w[0] === words[i + 1]![0] &&
      (isFirstName(words[i + 1]) || initialsMatch(w, `${words[i + 1]} ${words[i + 2]}`)) &&
      !RUN_ON_TITLE.test(words[i + 1]!)
    ) {
      const name = [w]
      i++
      let n = 0
      while (i < words.length && cap(words[i]) && n < 2) {
        if (!(n === 1 && /^[A-Z]\.?$/.test(words[i]!))) n++
        name.push(words[i++]!)
      }
      out.push({ name, agency: [] })
      continue
    }
    // "Deputy Leader", "Chief Executive": a post's words after someone, not a title before the next person.
    const titled = RUN_ON_TITLE.test(w) && !(/^(?:Deputy|Chief|Acting)$/.test(w) && ROLE_WORD.test(words[i + 1] ?? ''))
    const untitled =
      !titled &&
      out.length > 0 &&
      (afterLabel ||
        // A common first name and a surname start a person wherever they fall ("… Hednesford resident Geoff Knight"),
        // but not inside an organisation's name ("& York House Society").
        (isFirstName(w) &&
          !placeOf.has(w) &&
          !/^(?:&|and|of|the|for)$/i.test(prev ?? '') &&
          !PLACE_WORD.test(words[i + 1] ?? '') &&
          SURNAME.test(words[i + 1] ?? '')) ||
        (out.at(-1)!.agency.length > 0 &&
          (ORG_WORD.test(prev ?? '') || places.has(prev ?? '') || /\)$/.test(prev ?? '')) &&
          // "NHS Western Isles Mairi Bremner": the person starts at the first name two words on.
          !(!isFirstName(w) && isFirstName(words[i + 2]) && SURNAME.test(words[i + 3] ?? '')) &&
          // "… NHS Western Isles" closing the run: the agency's last words.
          !(!isFirstName(w) && i + 2 >= words.length))) &&
      // "Health Promotion Manager", "Community Representative": a post, not a person.
      !ROLE_WORD.test(`${w} ${words[i + 1] ?? ''}`) &&
      !places.has(w) &&
      cap(w) &&
      cap(words[i + 1]) &&
      !RUN_ON_TITLE.test(words[i + 1]!)
    afterLabel = false
    if (titled || untitled || out.length === 0) {
      const name: string[] = []
      if (titled) titles++
      while (i < words.length && RUN_ON_TITLE.test(words[i]!)) name.push(words[i++]!)
      // Two names after a title or without one ("Pam O’Shea", "Chief Insp. Peter Browning"); initials ("I. D.") aside.
      let n = 0
      while (i < words.length && cap(words[i]) && !RUN_ON_TITLE.test(words[i]!) && n < 2) {
        if (n === 1 && name.length > 1 && placeOf.has(words[i]!)) break
        // "John T Evans": a middle initial, with or without its stop.
        if (!/^[A-Z]\.$/.test(words[i]!) && !(n === 1 && /^[A-Z]$/.test(words[i]!))) n++
        name.push(words[i++]!)
      }
      while (i < words.length && POST_NOMINAL.test(words[i]!)) name.push(words[i++]!)
      if (!n) {
        // A rank after a name ("Geoff Knight Chief Inspector – Cannock LPT") describes that person.
        if (!out.length) return null
        if (titled) titles--
        out.at(-1)!.agency.push(...name)
        continue
      }
      out.push({ name, agency: [] })
      continue
    }
    out.at(-1)!.agency.push(w)
    i++
  }
  // The list ran into the minutes' prose ("… NHS England BB PF NC AB welcomed members to …"): it ends
  // before the person whose "agency" is a sentence.
  // (A long post is not prose: "Cabinet Member for Communities and Community Safety and Chair of the …".)
  const lower = (p: { agency: string[] }) =>
    p.agency.filter((w) => /^[a-z]/.test(w) && !/^(?:of|and|for|the|in|to|on|with|at)$/.test(w)).length
  const prose = out.findIndex(
    (p) =>
      (p.agency.length > 12 && lower(p) >= 1) ||
      p.agency.length > 30 ||
      /[a-z]\.$/.test(p.agency.slice(0, -1).join(' ')),
  )
  if (prose >= 0) out.splice(prose)
  // Three people, or two each with a title: fewer could be a sentence.
  // Two, where the second starts at a first name after the first's description ("Emelin Collier Head of
  // Planning - NHS Western Isles Sheila Scott Director of Public Health - NHS Western Isles").
  const twoDescribed =
    out.length === 2 &&
    out.every(
      (p) => p.agency.length >= 2 && p.agency.every((w) => !/^[a-z]/.test(w) || /^(?:of|and|for|the|in)$/.test(w)),
    ) &&
    isFirstName(out[1]!.name[0]) &&
    !titles
  if (out.length < 3 && !(out.length === 2 && titles === 2) && !twoDescribed) return null
  return out.map((p) => {
    const agency = p.agency
      .join(' ')
      .replace(/^\((?:chair|chairman)\)\s*/i, '')
      .trim()
    return agency ? `${p.name.join(' ')} (${agency})` : p.name.join(' ')
  })
}

/**
 * A table read column by column, as some PDFs flatten: the names, then the organisations, then the
 * initials ("Alison Barlow (Co Chair) Debbie Piggott … Surrey Police KSS CRC … AB DP MB"). The
 * people are the names whose initials the run of initials gives in the same order; the
 * organisations cannot be told apart, so none is given. Null unless three or more pair up.
 */
export function columnsRead(t: string): string[] | null {
  const words = t.trim().split(/\s+/)
  const run = words.findIndex((w, k) => words.slice(k, k + 3).every((x) => /^[A-Z]{2,3}$/.test(x)))
  if (run < 0) return null
  let end = run
  while (end < words.length && /^[A-Z]{2,3}$/.test(words[end]!)) end++
  const initials = words.slice(run, end)
  const names: string[] = []
  let k = 0
  while (names.length < initials.length && k < run) {
    const [first, last] = [words[k], words[k + 1]]
    if (!/^[A-Z][a-z'’-]+$/.test(first ?? '') || !SURNAME.test(last ?? '')) break
    const name = `${first} ${last}`
    k += 2
    // A role in brackets after the name ("(Co Chair)") stays with it.
    if (/^\(/.test(words[k] ?? '')) while (k < run && !/\)$/.test(words[k++]!));
    names.push(name)
  }
  const paired = names.filter((n, j) => initialsMatch(initials[j]!, n)).length
  if (names.length < 3 || paired < names.length - 1) return null
  return names
}

/** How many brackets are open before each word. */
function bracketDepths(words: string[]): number[] {
  const depth: number[] = []
  words.reduce((d, w) => {
    depth.push(d)
    return Math.max(0, d + (w.match(/\(/g) ?? []).length - (w.match(/\)/g) ?? []).length)
  }, 0)
  return depth
}

/** A line that lists people: a legend of initials, "Councillors …", or names with their agencies. */
export function looksLikePeople(t: string): boolean {
  if (findDates(t).length || /\b(?:minutes|meeting|agenda)\b/i.test(t)) return false
  if (legendEntry(t)) return true
  // "Mr H Fraser", "Cllr Jo Bloggs": a title and a name on a line of their own.
  if (HONORIFIC.test(t) && looksLikeName(t) && t.split(/\s+/).length <= 5) return true
  if (/^(?:councillors?|cllrs?\.?)\s+[A-Z]/i.test(t)) return true
  const entries = splitList(t)
  const people = entries.filter((e) => {
    const p = splitNameAgency(e.replace(/\b(Cllr|Insp|Dr)\.(?=[A-Z])/g, '$1. '))
    return looksLikeName(p.name) && p.agency !== null
  })
  // Names alone, five or more in a row ("David Penney, Andree Pomfret, Petra Wilson, …"): prose seldom reads so.
  // ("Bron, Rachel, Christophe, Ken, …": first names alone, as a residents' group prints them.)
  // ("Kenny Thomson (Chairman)", "Constable Craig Currie,": a role in brackets or a stray comma aside.)
  const plainName = (e: string) =>
    e
      .replace(/[.,]$/, '')
      .replace(/\s*\([^)]*\)$/, '')
      .trim()
  const bare = entries.filter((e) => looksLikeName(plainName(e)) || isFirstName(plainName(e)))
  if (entries.length >= 4 && firstNamesList(t)) return true
  if (entries.length >= 5 && bare.length >= entries.length * 0.8) return true
  return people.length >= 1 && people.length >= entries.length * 0.6
}

const TITLE_WORD =
  /^(?:Mayor|Mr|Mrs|Ms|Miss|Mx|Dr|Cllr|Councillor|Prof|Rev|Revd|Sir|Dame|Lord|Lady|DS|DC|PC|PCSO|Sgt|Insp|Inspector|Supt|Superintendent|CI|DI|DCI|Sergeant|Constable)\.?$/
const INITIALS = /^(?:[A-Z]\.?|(?:[A-Z]\.){2,4})$/
const SURNAME = /^(?:Mc|Mac|O[’'])?[A-Z][a-z'’]+(?:[-–][A-Z][a-z'’]+)?$/

/**
 * People printed one after another with nothing between them but each one's description:
 * "Mrs M Paterson Mr M Reiss", "E Atherton W Childs", "Councillor Mrs. D. Bowman J. Johnson New
 * Residents Association C. Thompson …", "Jeff Cuthbert, Police and Crime Commissioner … Arfon
 * Jones, Police …". A person starts at a title and a name, at initials and a surname once the
 * line names people by their initials, or at a common first name and a surname followed by a
 * comma. Each comes back as "Name (description)". Null unless two or more start, the first at
 * the beginning (or after a short label).
 */
export function peopleStarts(s: string): string[] | null {
  const words = s.trim().split(/\s+/).filter(Boolean)
  const bare = (w: string | undefined) => (w ?? '').replace(/[,;]$/, '')
  const people: { name: string[]; rest: string[]; at: number }[] = []
  let byInitials = false
  let i = 0
  /** The name starting at k, as words, or null. */
  const nameAt = (k: number): string[] | null => {
    let j = k
    const name: string[] = []
    // "Town Cllr", "C Cllr", "Parish Councillor": a title of two words.
    if (
      /^(?:Town|County|Cty|Parish|Borough|District|City|C)$/.test(words[j]!) &&
      /^(?:Cllr|Councillor)\.?$/.test(words[j + 1] ?? '')
    )
      name.push(words[j++]!)
    while (j < words.length && TITLE_WORD.test(words[j]!)) name.push(words[j++]!)
    const titled = name.length > 0
    let initials = 0
    while (j < words.length && INITIALS.test(words[j]!)) {
      name.push(words[j++]!)
      initials++
    }
    if (initials) {
      if (!SURNAME.test(bare(words[j])) || TITLE_WORD.test(words[j]!)) return null
      if (!titled && !byInitials && k > 0) return null
      name.push(words[j]!)
      return name
    }
    if (titled) {
      // "Cllr Denise Craghill", "Mrs Williams"
      if (!SURNAME.test(bare(words[j])) || ORG_WORD.test(words[j]!)) return null
      name.push(words[j++]!)
      if (!/,$/.test(name.at(-1)!) && SURNAME.test(bare(words[j])) && !ORG_WORD.test(words[j]!)) {
        if (isFirstName(name.at(-1)) || k === 0) name.push(words[j]!)
      }
      return name
    }
    // "Jeff Cuthbert," a common first name and a surname, then a comma.
    if (
      SURNAME.test(bare(words[j + 1])) &&
      ((isFirstName(words[j], true) && /,$/.test(words[j + 1]!)) || (isFirstName(words[j]) && j + 2 === words.length))
    )
      return [words[j]!, words[j + 1]!]
    return null
  }
  // A name inside brackets ("(substituted by Councillor Jones)") starts no one.
  const depth = bracketDepths(words)
  while (i < words.length) {
    const name = depth[i] ? null : nameAt(i)
    if (name) {
      if (name.some((w) => INITIALS.test(w))) byInitials = true
      people.push({ name, rest: [], at: i })
      i += name.length
      continue
    }
    if (people.length) people.at(-1)!.rest.push(words[i]!)
    else if (i >= 4) return null
    i++
  }
  if (people.length < 2) return null
  return people.map((p) => {
    const name = p.name.join(' ').replace(/[,;]$/, '')
    const rest = p.rest
      .join(' ')
      .replace(/^[,;\s–-]+|[,;\s]+$/g, '')
      .replace(/^and$/i, '')
      .replace(/\s+and$/i, '')
    return rest ? `${name} (${rest})` : name
  })
}

/**
 * Two or three people in one table row with its columns run together ("Robin Tomlinson Martyn White",
 * "Joy Griffiths Elsden Ken Magennis"): capitalised words only, parted before each common first name that
 * has a surname after it and a name of two words or more before it.
 */
export function namesSideBySide(entry: string): string[] {
  const words = entry.trim().split(/\s+/)
  if (words.length < 4 || !words.every((w) => /^[A-Z][a-z'’-]+$/.test(w)) || !isFirstName(words[0], true))
    return [entry]
  const out: string[][] = [[]]
  words.forEach((w, k) => {
    // (The surname may be a first name too, at the row's end: "Barry Clarke Jean Harris".)
    if (
      out.at(-1)!.length >= 2 &&
      k + 1 < words.length &&
      isFirstName(w) &&
      (!isFirstName(words[k + 1]) || k + 2 === words.length)
    )
      out.push([])
    out.at(-1)!.push(w)
  })
  if (out.length > 1 && out.every((p) => p.length >= 2)) return out.map((p) => p.join(' '))
  // "Chris Harte Herbie Gowen": four words, a first name and a surname twice, the second first name rarer.
  return words.length === 4 && !isFirstName(words[1], true) && !isFirstName(words[3], true)
    ? [words.slice(0, 2).join(' '), words.slice(2).join(' ')]
    : [entry]
}

/**
 * "John Vickery, Parish Clerk Liz Pinchen, Deputy Parish Clerk": names each followed by their post after a
 * comma, so that an entry is the last person's post, then the next person. The person is kept.
 */
export function postThenName(entry: string): string {
  const e = entry.trim().split(/,\s*/)[0]!
  if (looksLikeName(splitNameAgency(entry.trim()).name)) return entry
  const m =
    /^((?:[A-Z][\w'’-]*\s+){1,5})((?:(?:Cllr|Councillor|Dr|Mr|Mrs|Ms|PC|PCSO|Sgt|Insp)\.?\s+)?[A-Z][a-z'’-]+\s+[A-Z][\w'’-]+)$/.exec(
      e,
    )
  if (!m || !isFirstName(m[2]!.replace(HONORIFIC, '').split(/\s+/)[0], true)) return entry
  return ROLE_WORD.test(m[1]!) || /\b(?:clerk|chair(?:man)?|treasurer|secretary)\b/i.test(m[1]!) ? m[2]! : entry
}

/** "Alan Mann" → "AM": the first letters of a name's words, titles aside. */
export function initialsOf(name: string): string {
  return name
    .replace(HONORIFIC, '')
    .replace(HONORIFIC, '')
    .split(/[\s-]+/)
    .filter((w) => /^[A-Z][a-z]/.test(w))
    .map((w) => w[0])
    .join('')
}

/** "Sue Cavalier Abbey &Ryemead": a first name, a surname, then more words, with no mark between them. */
export function nameThenPlace(text: string, surnameMayBeAFirstName = false): [string, string] | null {
  const words = text.trim().split(/\s+/)
  // (Commas may come after, in the place's name: "Nigel Entwistle Stokenchurch, West Wycombe etc."; brackets,
  // dashes and letters after a name are read elsewhere: "Stewart Dipple (Dorset Police)", "Les Hardy JP …".)
  if (/[,;:()/|–—-]/.test(words.slice(0, 2).join(' ')) || /[();:/|–—]|\s-\s/.test(text)) return null
  if (!/^[A-Z&]/.test(words[2]!) || POST_NOMINAL.test(words[2]!)) return null
  // ("Cath Broughton Christine Kinnersley": the next person, not a place.)
  if (isFirstName(words[2]) && words.length >= 4 && /^[A-Z][a-z'’-]+$/.test(words[3]!)) return null
  if (words.length < 3 || words.length > 9) return null
  const [first, last] = words
  if (!isFirstName(first) || !/^(?:Mc|Mac|O’|O')?[A-Z][a-z'’-]+$/.test(last!)) return null
  // ("Mary Ann Smith" is one name; "John Hunter Towcester" among lines alike is a name and a place.)
  if (isFirstName(last) && !surnameMayBeAFirstName) return null
  return [`${first} ${last}`, words.slice(2).join(' ')]
}

/**
 * Names parted by runs of spaces on one line (a table's row or a column flattened): "Chairman James
 * Pocklington      Brenda Nutt      Liz  Beadle      Di Dray PCSO Dean Warrilow". Four or more, nearly all
 * names, or null.
 */
export function namesBySpaces(line: string): string[] | null {
  const cells = line
    .trim()
    .split(/\s{2,}/)
    .map((c) => c.replace(/^(?:chair(?:man|person)?|vice[- ]chair)\s+/i, ''))
  if (cells.length < 4) return null
  // "Liz  Beadle": a first name and its surname parted by two spaces.
  const joined: string[] = []
  for (const c of cells) {
    // ("E Overton Liz  Beadle": the first name ends the cell before.)
    const prev = joined.at(-1)?.split(/\s+/)
    const first = prev?.at(-1)
    if (prev && first && isFirstName(first) && /^[A-Z][\w'’-]+$/.test(c) && !isFirstName(c)) {
      if (prev.length > 1) joined[joined.length - 1] = prev.slice(0, -1).join(' ')
      else joined.pop()
      joined.push(`${first} ${c}`)
    } else joined.push(c)
  }
  // "Sylvia Scott Neal Overton", "Di Dray PCSO Dean Warrilow": two people in one cell.
  const names = joined.flatMap((c) => {
    const words = c.split(/\s+/)
    const k = words.findIndex((w, j) => j >= 2 && (HONORIFIC.test(`${w} `) || (isFirstName(w) && j + 1 < words.length)))
    return k > 0 ? [words.slice(0, k).join(' '), words.slice(k).join(' ')] : [c]
  })
  return names.filter((n) => looksLikeName(n)).length >= Math.max(4, names.length * 0.8)
    ? names.filter((n) => looksLikeName(n))
    : null
}
