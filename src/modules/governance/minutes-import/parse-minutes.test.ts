import { describe, expect, it } from 'vitest'
import { parseMinutes } from './parse-minutes'
import { readText } from './source'

const parse = (text: string) => parseMinutes(readText(text))

describe('reading minutes in other house styles', () => {
  it('finds the year of a date printed without one from its weekday and the other dates', () => {
    const m = parse(`Governance Board
Notes of Meeting
Wednesday 21st June, 14:30-17:00
Attendance
John Campion (JC) – Chair
Ref 01/21/06/2023
Minutes of the meeting held on 24th May 2023.
The minutes were agreed.`)
    expect(m.date?.value).toBe('2023-06-21')
    expect(m.time?.value).toBe('14:30')
    expect(m.items.map((i) => i.number)).toEqual(['01/21/06/2023'])
  })

  it('parts people run together by their first names, titles and initials', () => {
    const m = parse(`Safer Somewhere Panel
Minutes 11 February 2016
Attendees: Paul Woodhead Panel Chair - Hednesford resident Geoff Knight Chief Inspector – Cannock LPT Mike Tams Panel member - Rugeley resident
Apologies: Mrs M Paterson Mr M Reiss
1. Welcome
The Chair welcomed everyone.`)
    expect(m.attendees.map((p) => p.name)).toEqual(['Paul Woodhead', 'Geoff Knight', 'Mike Tams'])
    expect(m.apologies.map((p) => p.name)).toEqual(['Mrs M Paterson', 'Mr M Reiss'])
  })

  it('reads items numbered by a code, with the title run into the text, and leaves places out of people', () => {
    const m = parse(`Area Forum
Tuesday 18 July 2006
Present: Councillor J. Smith, Mr Hartley – Hall Street, Jo Bloggs
AF(4)1/06 DECLARATIONS OF INTEREST Members had no interests to declare.
AF(4)2/06 MINUTES The minutes of the meeting held on 2nd May 2006 were confirmed.
Item 7 – Mr G Ross (non-financial)
ACTION: Stephen Doogan would clarify this issue.`)
    expect(m.items.map((i) => [i.number, i.title])).toEqual([
      ['AF(4)1/06', 'DECLARATIONS OF INTEREST'],
      ['AF(4)2/06', 'MINUTES'],
    ])
    expect(m.attendees.map((p) => p.name)).toEqual(['Councillor J. Smith', 'Mr Hartley', 'Jo Bloggs'])
    expect(m.actions.map((a) => a.owner)).toEqual(['Stephen Doogan'])
  })
})
