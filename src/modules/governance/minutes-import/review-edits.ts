// What a coordinator changes on the review page before saving imported minutes: a person moved
// between present and apologies or left out, an item renumbered, retitled or joined to the one
// above (a line the reader took for a heading), an action's owners or task corrected or the
// action left out, a decision left out. Pure: it changes the draft's findings, nothing else.
// Nothing typed in the source is lost: a joined item's title stays in the minutes as a line.
import { RuleError } from '../../../errors'
import { splitOwnerNames } from '../partnership/person-name'
import type { ImportedAction, ImportedMinutes } from './parse-minutes'

export interface ReviewEdits {
  /** By place in attendees then apologies, as the page lists them. */
  people?: { index: number; as: 'present' | 'apologies' | 'drop' }[]
  items?: { index: number; number: string; title: string; join: boolean }[]
  /** By place among the action lines (one line may give a task to several owners). */
  actions?: { index: number; owners: string; text: string; drop: boolean }[]
  decisions?: { index: number; drop: boolean }[]
}

export interface EditSummary {
  moved: string[]
  leftOut: string[]
  retitled: string[]
  joined: string[]
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
    retitled: [],
    joined: [],
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
    if (!title) throw new RuleError('Enter the item’s title, or tick "Not an item"', `item-title-${e.index + 1}`)
    if (!number) throw new RuleError('Enter the item’s number, like 3 or 4a', `item-number-${e.index + 1}`)
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
  return done
}
