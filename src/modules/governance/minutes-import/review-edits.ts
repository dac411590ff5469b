// What a coordinator changes on the review page before saving imported minutes: a person moved
// between present and apologies or left out, or added where the reader missed them; an item
// renumbered, retitled or joined to the one above (a line the reader took for a heading), or added
// where the reader missed its heading; an action's owners or task corrected or the action left
// out; a decision left out. Pure: it changes the draft's findings, nothing else. Nothing typed in
// the source is lost: a joined item's title stays in the minutes as a line, and an added item
// takes its text from where it starts.
import { RuleError } from '../../../errors'
import { nameKey, splitOwnerNames } from '../partnership/person-name'
import { GROUPS, type ImportedAction, type ImportedMinutes, splitNameAgency } from './parse-minutes'

export interface ReviewEdits {
  /** By place in attendees then apologies, as the page lists them. */
  people?: { index: number; as: 'present' | 'apologies' | 'drop' }[]
  /** People the reader missed: one per line, "Name", "Name (Agency)" or "Name - Agency". */
  addPeople?: { lines: string; as: 'present' | 'apologies' }
  items?: { index: number; number: string; title: string; join: boolean }[]
  /** An item the reader missed: its number and title, and the first words of the line it starts at. */
  addItem?: { number: string; title: string; startsWith: string }
  /** By place among the action lines (one line may give a task to several owners). */
  actions?: { index: number; owners: string; text: string; drop: boolean }[]
  decisions?: { index: number; drop: boolean }[]
}

export interface EditSummary {
  moved: string[]
  leftOut: string[]
  added: string[]
  retitled: string[]
  joined: string[]
  itemsAdded: string[]
  actionsChanged: number
  actionsLeftOut: number
  decisionsLeftOut: number
}

/** One action as the minutes write it: its owners share one line and one task. */
export interface ActionLine {
  owners: string[]
  ownersText: string
  text: string
  paragraph: string | null
  due: string | null
  at: string
  entries: ImportedAction[]
}

/** The findings' actions grouped back into the lines they came from, in order. */
export function actionLines(actions: readonly ImportedAction[]): ActionLine[] {
  const lines: ActionLine[] = []
  for (const a of actions) {
    const last = lines[lines.length - 1]
    if (
      last &&
      last.ownersText === a.ownersText &&
      last.text === a.text &&
      last.at === a.at &&
      !last.owners.includes(a.owner)
    ) {
      last.owners.push(a.owner)
      last.entries.push(a)
    } else
      lines.push({
        owners: [a.owner],
        ownersText: a.ownersText,
        text: a.text,
        paragraph: a.paragraph,
        due: a.due,
        at: a.at,
        entries: [a],
      })
  }
  return lines
}

const isActionLine = (l: string) => /^Action\s*[-–—:]/i.test(l.trim())
const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '')

/** Where an action's line sits in the draft's paragraphs: the one naming its owners and task. */
function findLine(f: ImportedMinutes, a: ActionLine) {
  const spots: { lines: string[]; i: number; set: (text: string) => void }[] = []
  for (const item of f.items)
    for (const p of item.paragraphs) {
      const lines = p.text.split('\n')
      lines.forEach((l, i) => {
        if (isActionLine(l))
          spots.push({
            lines,
            i,
            set: (text) => {
              p.text = text
            },
          })
      })
    }
  const owners = squash(a.ownersText)
  const task = squash(a.text).slice(0, 40)
  return (
    spots.find((s) => {
      const l = squash(s.lines[s.i]!)
      return l.includes(owners) && (!task || l.includes(task))
    }) ?? spots.find((s) => squash(s.lines[s.i]!).includes(owners))
  )
}

/** Applies the review page's edits to the draft's findings; returns what changed, for the audit. */
export function applyEdits(f: ImportedMinutes, edits: ReviewEdits): EditSummary {
  const done: EditSummary = {
    moved: [],
    leftOut: [],
    added: [],
    retitled: [],
    joined: [],
    itemsAdded: [],
    actionsChanged: 0,
    actionsLeftOut: 0,
    decisionsLeftOut: 0,
  }

  // People: present, apologies or left out, by their place in the list as shown.
  const people = [
    ...f.attendees.map((p) => ({ p, was: 'present' as const })),
    ...f.apologies.map((p) => ({ p, was: 'apologies' as const })),
  ]
  const now = people.map((x) => x.was as 'present' | 'apologies' | 'drop')
  for (const e of edits.people ?? []) if (e.index >= 0 && e.index < now.length) now[e.index] = e.as
  people.forEach((x, i) => {
    if (now[i] === 'drop') done.leftOut.push(x.p.name)
    else if (now[i] !== x.was) done.moved.push(`${x.p.name}: ${now[i] === 'present' ? 'present' : 'apologies'}`)
  })
  f.attendees = people.filter((_, i) => now[i] === 'present').map((x) => x.p)
  f.apologies = people.filter((_, i) => now[i] === 'apologies').map((x) => x.p)
  addPeople(f, edits.addPeople, done)

  // Actions, before items move paragraphs about.
  const lines = actionLines(f.actions)
  const keep: ActionLine[] = []
  lines.forEach((a, i) => {
    const e = (edits.actions ?? []).find((x) => x.index === i)
    if (!e) return keep.push(a)
    const spot = findLine(f, a)
    if (e.drop) {
      if (spot) {
        spot.lines.splice(spot.i, 1)
        spot.set(spot.lines.join('\n'))
      }
      done.actionsLeftOut++
      return
    }
    const owners = splitOwnerNames(e.owners.replace(/\s*;\s*/g, ' / '))
    if (!owners.length)
      throw new RuleError(
        'Enter who owns the action (separate two owners with "/"), or tick "Not an action"',
        `action-owners-${i + 1}`,
      )
    const text = e.text.trim().replace(/\.$/, '')
    if (!text) throw new RuleError('Enter what the action asks for, or tick "Not an action"', `action-text-${i + 1}`)
    const ownersText = owners.join(' / ')
    if (ownersText === a.ownersText && text === a.text) return keep.push(a)
    done.actionsChanged++
    if (spot) {
      spot.lines[spot.i] = `Action - ${ownersText}: ${text}`
      spot.set(spot.lines.join('\n'))
    }
    keep.push({
      ...a,
      owners,
      ownersText,
      text,
      entries: owners.map((owner) => ({ ...a.entries[0]!, owner, ownersText, text, confidence: 1 })),
    })
  })
  f.actions = keep.flatMap((a) => a.entries)

  // Decisions left out.
  const dropDecision = new Set((edits.decisions ?? []).filter((d) => d.drop).map((d) => d.index))
  done.decisionsLeftOut = f.decisions.filter((_, i) => dropDecision.has(i)).length
  f.decisions = f.decisions.filter((_, i) => !dropDecision.has(i))

  // Items: renumbered or retitled; then those that are not items joined to the one above.
  const join = new Set<number>()
  for (const e of edits.items ?? []) {
    const item = f.items[e.index]
    if (!item) continue
    if (e.join) {
      join.add(e.index)
      continue
    }
    const title = e.title.trim()
    const number = e.number.trim()
    // An item printed with no number may stay without one: it is numbered by its place when saved.
    if (!title) throw new RuleError('Enter the item’s title, or tick "Not an item"', `item-title-${e.index + 1}`)
    if (title !== item.title || number !== item.number) {
      done.retitled.push(`${item.number} ${item.title} → ${number} ${title}`)
      item.title = title
      item.number = number
      item.confidence = 1
    }
  }
  if (join.size && join.size >= f.items.length)
    throw new RuleError('Keep at least one item: minutes need somewhere to hold their paragraphs', 'item-title-1')
  const items: typeof f.items = []
  let before: (typeof f.items)[number]['paragraphs'] = []
  f.items.forEach((item, i) => {
    if (!join.has(i)) {
      // Items before the first real one open it.
      item.paragraphs.unshift(...before)
      before = []
      return items.push(item)
    }
    done.joined.push(`${item.number} ${item.title}`)
    const line = { number: null, cites: null, heading: null, text: item.title, at: item.at }
    const into = items[items.length - 1]
    if (into) into.paragraphs.push(line, ...item.paragraphs)
    else before.push(line, ...item.paragraphs)
  })
  f.items = items
  addItem(f, edits.addItem, done)
  return done
}

/** People the reader missed, typed one per line; a name already listed is not added twice. */
function addPeople(f: ImportedMinutes, add: ReviewEdits['addPeople'], done: EditSummary) {
  const lines = (add?.lines ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim().replace(/^[-•*]\s*/, ''))
    .filter(Boolean)
  for (const line of lines) {
    const { name, agency } = splitNameAgency(line)
    if (!/[A-Za-z]/.test(name) || name.length > 80)
      throw new RuleError(
        `“${line.slice(0, 60)}” is not a name: write one person per line, like Jo Bloggs (Dorset Police)`,
        'add-people',
      )
    const listed = [...f.attendees, ...f.apologies].find((p) => nameKey(p.name) === nameKey(name))
    if (listed) continue
    const person = { name, agency, at: 'added on review', confidence: 1 }
    if (add!.as === 'apologies') f.apologies.push({ ...person, group: 'Apologies' })
    else f.attendees.push({ ...person, group: GROUPS[0] })
    done.added.push(`${name}: ${add!.as === 'apologies' ? 'apologies' : 'present'}`)
  }
}

const words = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()

/**
 * An item the reader missed, started at the line whose first words the coordinator copied from the
 * file: that line and everything after it in its item move to the new item, which goes after it.
 * The line is the heading when it says no more than the title; otherwise it stays as the text.
 */
function addItem(f: ImportedMinutes, add: ReviewEdits['addItem'], done: EditSummary) {
  const title = add?.title.trim() ?? ''
  const number = add?.number.trim() ?? ''
  const start = words(add?.startsWith ?? '')
  if (!title && !number && !start) return
  if (!title) throw new RuleError('Enter the title of the item to add', 'add-item-title')
  if (!start)
    throw new RuleError(
      'Enter the first words of the line where the item starts, as the file shows them',
      'add-item-start',
    )
  for (const [i, item] of f.items.entries())
    for (const [j, p] of item.paragraphs.entries()) {
      const lines = p.text.split('\n')
      const k = lines.findIndex((l) => words(l.replace(/^- /, '')).startsWith(start))
      if (k < 0) continue
      const heading = words(lines[k]!) === words(title) || words(lines[k]!) === words(`${number} ${title}`)
      const rest = lines.slice(heading ? k + 1 : k).join('\n')
      const moved = [
        ...(rest ? [{ ...p, number: k === 0 ? p.number : null, text: rest }] : []),
        ...item.paragraphs.slice(j + 1),
      ]
      if (k > 0) p.text = lines.slice(0, k).join('\n')
      item.paragraphs.splice(k > 0 ? j + 1 : j)
      f.items.splice(i + 1, 0, {
        number,
        title,
        at: 'added on review',
        confidence: 1,
        lead: null,
        paragraphs: moved,
      })
      done.itemsAdded.push(`${number ? `${number} ` : ''}${title}`)
      return
    }
  throw new RuleError(
    'No line of the minutes starts with those words: copy the first words of the line from the file shown beside',
    'add-item-start',
  )
}
