import { describe, expect, it } from 'vitest'
import { importJson, parseMinutes } from './parse-minutes'
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

describe('tables and lists that lost their layout', () => {
  it('reads tables whose cells were printed with " / " or with no boundary at all', () => {
    const m = parse(`Safer Neighbourhood Board
Minutes
Tuesday 8thSeptember2015 – 7.00pm
SNB Member Organisations Present
Named Representative / Organisation
Tayo Prince- Chair / The Tabernacle
Lina Wallace / Victim Support
Also Present:
Name Designation
CI Gillian Cox District Commander – Hart and Rushmoor, Hampshire Police
Kirsty Jenkins Executive Director – Community (HDC)
Item No / ACTIONS
1. / Chair’s Welcome
Tayo welcomed everyone to the meeting.
2. / Apologies were given for Phil Turner, Cllr. David Michael,Cllr. Janet Daby and Carol Bostridge
3. / June Minutes were adopted as true and accurate record`)
    expect(m.date?.value).toBe('2015-09-08')
    expect(m.attendees.map((p) => [p.name, p.agency])).toEqual([
      ['Tayo Prince', 'The Tabernacle'],
      ['Lina Wallace', 'Victim Support'],
      ['CI Gillian Cox', 'District Commander – Hart and Rushmoor, Hampshire Police'],
      ['Kirsty Jenkins', 'Executive Director – Community (HDC)'],
    ])
    expect(m.apologies.map((p) => p.name)).toEqual([
      'Phil Turner',
      'Cllr. David Michael',
      'Cllr. Janet Daby',
      'Carol Bostridge',
    ])
    expect(m.items.map((i) => i.number)).toEqual(['1', '2', '3'])
  })

  it('reads a flattened table run into its header, with a column of initials, and apologies inside a paragraph', () => {
    const m = parse(`SAFER NEIGHBOURHOOD BOARD (SNB) MEETING
TUESDAY 28TH APRIL 2015 AT 6.45 PM
SNB MEMBERS ATTENDING REPRESENTING CA Carole Atkinson Chair SNB, Stop and Search JE John T Evans Chair Whitton PLG PK Peter Kirkham LGBT Forum
POLICE ATTENDING REPRESENTING C/Superintendent Colin Kennedy Borough Commander Sgt Michael Boulton Royal Parks Police CI Hannah Wheeler MPS Hannah McCully MPS
Agenda Item 1 – Welcome
The Chair welcomed Partners to the meeting and introductions were made. Apologies were received from Russel Ellicott, Cllr Pat Thornton,
Karen Rearie and Mo McManus. The Chair thanked everyone.`)
    expect(m.attendees.map((p) => [p.name, p.agency])).toEqual([
      ['Carole Atkinson', 'Chair SNB, Stop and Search'],
      ['John T Evans', 'Chair Whitton PLG'],
      ['Peter Kirkham', 'LGBT Forum'],
      ['C/Superintendent Colin Kennedy', 'Borough Commander'],
      ['Sgt Michael Boulton', 'Royal Parks Police'],
      ['CI Hannah Wheeler', 'MPS'],
      ['Hannah McCully', 'MPS'],
    ])
    expect(m.apologies.map((p) => p.name)).toEqual([
      'Russel Ellicott',
      'Cllr Pat Thornton',
      'Karen Rearie',
      'Mo McManus',
    ])
    expect(m.items.map((i) => i.title)).toEqual(['Welcome'])
  })
})

describe('boards with their own habits', () => {
  it('reads items in Roman numerals and under capital headings, and owners by initials or on an Owner line', () => {
    const m = parse(`Youth Justice Board Meeting
Monday 10 December 2012
Present
KT (Chair), CJ, MA, STH (minutes), SK
Apologies
MV, ST
APOLOGIES FOR ABSENCE
1.     Apologies for absence were received from Jeff Cuthbert, AM, Huw Lewis
AM, Edward Woosnam and Diane Thomas.
II PERFORMANCE REPORT - 1ST APRIL TO 30TH JUNE, 2021
SK – to clarify and update performance data for the next meeting.
Review the referral pathway.
Owner: Lorraine Forrester`)
    expect(m.attendees.map((p) => p.name)).toEqual(['KT', 'CJ', 'MA', 'STH', 'SK'])
    expect(m.apologies.map((p) => p.name)).toEqual([
      'MV',
      'ST',
      'Jeff Cuthbert AM',
      'Huw Lewis AM',
      'Edward Woosnam',
      'Diane Thomas',
    ])
    expect(m.items.map((i) => [i.number, i.title])).toEqual([
      ['1', 'APOLOGIES FOR ABSENCE'],
      ['II', 'PERFORMANCE REPORT - 1ST APRIL TO 30TH JUNE, 2021'],
    ])
    expect(m.actions.map((a) => a.owner)).toEqual(['SK', 'Lorraine Forrester'])
  })

  it('parts a page flattened into one line at its labels and items', () => {
    const m = parse(
      'COMMUNITY PLANNING PARTNERSHIP Community Safety Partnership Monday 30 May 2011 at 2.00 pm Wallace Room ' +
        'NOTE OF MEETING Present Peter Walker, Safer Cities Co-ordinator (in the Chair) Anne Allan, Service Manager, ' +
        'Anti-Social Behaviour Team Barbara Allan, Community Services, Stirling Council Apologies Alan Douglas, ' +
        'Central Scotland Police Cathy Steel, Rape Crisis Wendy Stephen, Victim Support CSP319 WELCOME The Chair welcomed everyone to the meeting.',
    )
    expect(m.date?.value).toBe('2011-05-30')
    expect(m.attendees.map((p) => p.name)).toEqual(['Peter Walker', 'Anne Allan', 'Barbara Allan'])
    expect(m.apologies.map((p) => p.name)).toEqual(['Alan Douglas', 'Cathy Steel', 'Wendy Stephen'])
    expect(m.items.map((i) => [i.number, i.title])).toEqual([['CSP319', 'WELCOME']])
  })

  it('reads items printed with no numbers, attendees with initials and an agency, and actions inside a line', () => {
    const m = parse(`Road Safety Forum – 22 November 2021
Attendees
- Lorraine Forrester (LF) Transport Scotland (Chair)
- Caroline Hay (CH) Road Safety Scotland – Education Adviser
- Alan Bowater (AB) Safety Camera Unit Manager, Police Scotland
- Philip Herlihy (Co-Chair, Minutes)
Welcome and Introductions
The Chair welcomed the group and explained no papers were issued for this meeting.
Action Point 1
Papers to be issued to attendees.
Owner: Lorraine Forrester
Actions & Matters Arising
- The team had discussed the e-scooter problem. Action: team to discuss options with senior officers.
- PH and LF were to liaise with the banks. This is carried forward (Action PH & LF).`)
    expect(m.attendees.map((p) => [p.name, p.agency])).toEqual([
      ['Lorraine Forrester', 'Transport Scotland'],
      ['Caroline Hay', 'Road Safety Scotland'],
      ['Alan Bowater', 'Police Scotland'],
      ['Philip Herlihy', null],
    ])
    expect(m.items.map((i) => [i.number, i.title])).toEqual([
      ['', 'Welcome and Introductions'],
      ['', 'Actions & Matters Arising'],
    ])
    expect(m.actions.map((a) => a.owner)).toEqual([
      'Lorraine Forrester',
      'team',
      'Philip Herlihy',
      'Lorraine Forrester',
    ])
  })

  it('reads organisations over their people, N.0 items, a list wrapped mid-name and posts as owners', () => {
    const m = parse(`Minute of meeting held on Wednesday 21 May 2008

Present:-

Midlothian Council: Councillors Thompson (Chair), Baxter and Wallace;

Army: Colonel P Bates;

Lothian and Borders Fire and Rescue: Mr D Lockhart, Local Senior Fire Officer.

Also present: Stephen Moore, Jim Bett, April Adam, Angela
Swift, Alan Briggs
and Bill Lawrie.

Apology for Absence:- Mr R Strachan (Community Justice Authority).

1.0     Welcome and Apologies

1.1     The Chair welcomed everyone and apologies were noted from
        George Cunningham and Graeme McArthur.

3.0     Matters Arising

3.1     Drug Deaths Report

3.1.1   The Chair and Dr. Baldacchino will meet.

(Action: Head of Housing and Community Safety/ Legal and Secretariat Manager)`)
    expect(m.attendees.map((p) => [p.name, p.agency])).toEqual([
      ['Councillor Thompson', 'Midlothian Council'],
      ['Councillor Baxter', 'Midlothian Council'],
      ['Councillor Wallace', 'Midlothian Council'],
      ['Colonel P Bates', 'Army'],
      ['Mr D Lockhart', 'Lothian and Borders Fire and Rescue'],
      ['Stephen Moore', null],
      ['Jim Bett', null],
      ['April Adam', null],
      ['Angela Swift', null],
      ['Alan Briggs', null],
      ['Bill Lawrie', null],
    ])
    expect(m.apologies.map((p) => p.name)).toEqual(['Mr R Strachan', 'George Cunningham', 'Graeme McArthur'])
    expect(m.items.map((i) => i.number)).toEqual(['1.0', '3.0', '3.1'])
    expect(m.actions.map((a) => a.owner)).toEqual([
      'Head of Housing and Community Safety',
      'Legal and Secretariat Manager',
    ])
  })

  it('reads names with their organisations and nothing between, a labelled header line and a column-read table', () => {
    const m = parse(`Priority Setting Meeting
 Chairman: Rowan Bird (Bingham Town Council)  Police Representatives: PC Steve Mathias, PCSO David Wesson
Minutes of Meeting – 11thth October 2018
Present:
Dave Moore DBC – Community Safety Coordinator
Kayley Johnston Member Support Officer
Les Hardy JP Hyndburn Magistrates
Apologies: Alison Barlow (Co Chair) Debbie Piggott Mike Blower Surrey Police KSS CRC Youth Support Services AB DP MB
1. Welcome
Apologies were received from: Cllr W Wyatt-Lowe, Mahmood and Cllr Guest. David Gibson, Tony Coley and Julie Still.`)
    expect(m.date?.value).toBe('2018-10-11')
    expect(m.attendees.map((p) => [p.name, p.agency])).toEqual([
      ['Rowan Bird', 'Bingham Town Council'],
      ['PC Steve Mathias', null],
      ['PCSO David Wesson', null],
      ['Dave Moore', 'DBC'],
      ['Kayley Johnston', 'Member Support Officer'],
      ['Les Hardy JP', 'Hyndburn Magistrates'],
    ])
    expect(m.apologies.map((p) => p.name)).toEqual([
      'Alison Barlow',
      'Debbie Piggott',
      'Mike Blower',
      'Cllr W Wyatt-Lowe',
      'Mahmood',
      'Cllr Guest',
      'David Gibson',
      'Tony Coley',
      'Julie Still',
    ])
  })

  it('reads two lists side by side, and a second unheaded list as apologies', () => {
    const side = parse(`Members in attendance / ApologiesGraham Foster / Jackie Brock
Martin Johnstone / Derek Crichton
Wendy Wilkinson
Agenda Item 1: Welcome
- Wendy Wilkinson welcomed everyone.`)
    expect(side.attendees.map((p) => p.name)).toEqual(['Graham Foster', 'Martin Johnstone', 'Wendy Wilkinson'])
    expect(side.apologies.map((p) => p.name)).toEqual(['Jackie Brock', 'Derek Crichton'])

    const unheaded = parse(`Summary of the meeting held on 8 December 2010 at Swale House

Abdool Kara, Swale Borough Council (Co-Chair)
Bill Ronan, Kent County Council
Tony Henley, Kent Police

Eileen Martin, Tom Gates, John Morris, Lesleigh Bounds.

428. Welcome and Introductions

Brief introductions were undertaken and apologies given.`)
    expect(unheaded.attendees.map((p) => p.name)).toEqual(['Abdool Kara', 'Bill Ronan', 'Tony Henley'])
    expect(unheaded.apologies.map((p) => p.name)).toEqual([
      'Eileen Martin',
      'Tom Gates',
      'John Morris',
      'Lesleigh Bounds',
    ])
    expect(unheaded.warnings.join(' ')).toMatch(/read as apologies; check/)
  })

  it('reads fixed-width columns: people under group labels, a circulation list left out, an action log', () => {
    const m = parse(`    Action Points arising from NAG Meeting held on Monday 24th Jan 11 at Monkston Community Centre
TVP                        Sam Gregson
Parish Council             Gwen Corbett
                           Peter Laws
Ward Councillors           None
Residents                  Max Rashid (Chair)
For Information:
TVP                        Colleen Lavery
                           Thomas Bowhuise
Residents                  Steve Parsons
   Ref                                           Action                              Owner     Req by Date
Jan11-01       Completed survey forms to be requested back by 25 February 2011.       Max       28/01/11
               Max to advise Amanda to enable forms to be amended.
Jan11-02       Max to request Amanda to chase up Kents Hill School regarding the      Gwen      28/01/11
               possibility of including surveys in Book Bags.`)
    expect(m.date?.value).toBe('2011-01-24')
    expect(m.attendees.map((p) => [p.name, p.agency])).toEqual([
      ['Sam Gregson', 'TVP'],
      ['Gwen Corbett', 'Parish Council'],
      ['Peter Laws', 'Parish Council'],
      ['Max Rashid', 'Residents'],
    ])
    expect(m.actions.map((a) => [a.owner, a.text.slice(0, 30)])).toEqual([
      ['Max', 'Completed survey forms to be r'],
      ['Gwen', 'Max to request Amanda to chase'],
    ])
  })

  it('reads numbered list labels, skips a membership list, and finds owners in a bracket and late arrivals', () => {
    const m = parse(`Minutes of Monthly Meeting 10th June 2015
Committee Members
Councillors Williams and Perrie (Renfrewshire Council); S Miller (Engage Renfrewshire).
1. Present: Cllr. Mrs J. Bold (Chair), Cllr. R. Davies and Cllr. P. Matthews. Members of Public Attending: None Clerk: Karen Price 2. Apologies: Cllr. S. Bailey, PCSO Nicola Redman.
3. Police Matters
Speeding is of concern to residents (Action: Cllr. Davies to include in Newsletter. Clerk to inform PCSO Redman and to include in the agenda) and it was noted.
Apologies were noted from Barnet (Derrick Cheung), Croydon (Graham Speed) and Sutton (John Turner).
Chris Hogan, Director of Children’s services joined the meeting at this point.`)
    expect(m.attendees.map((p) => p.name)).toEqual([
      'Cllr. Mrs J. Bold',
      'Cllr. R. Davies',
      'Cllr. P. Matthews',
      'Karen Price',
      'Chris Hogan',
    ])
    expect(m.apologies.map((p) => [p.name, p.agency])).toEqual([
      ['Cllr. S. Bailey', null],
      ['PCSO Nicola Redman', null],
      ['Derrick Cheung', 'Barnet'],
      ['Graham Speed', 'Croydon'],
      ['John Turner', 'Sutton'],
    ])
    expect(m.items.map((i) => `${i.number} ${i.title}`)).toEqual(['1 Present', '2 Apologies', '3 Police Matters'])
    expect(m.actions.map((a) => a.owner)).toEqual(['Cllr. Davies', 'Clerk'])
  })

  it('reads fixed-width columns of names and agencies, initials lists under labels, and owners in a column', () => {
    const m = parse(`SLP YOS Performance & Delivery Board
                              Friday 4th June 2010

Aileen Buckton                       Executive Director Community Services (Chair)
Geeta Subramaniam                    LBL Crime Reduction Service
Tanya Edwards                        LBL YOS
Waneka Peters                        LBL YOS (minutes)

Holly Gardner                        Catch 22
Kate English                         VAL
Dith Banbury                         Lewisham College

1.    Apologies

      Apologies received from those listed above.

2.    Matters Arising

      The effort to find more board members should continue.                           TE/GS
`)
    expect(m.attendees.map((p) => [p.name, p.agency])).toEqual([
      ['Aileen Buckton', 'Executive Director Community Services (Chair)'],
      ['Geeta Subramaniam', 'LBL Crime Reduction Service'],
      ['Tanya Edwards', 'LBL YOS'],
      ['Waneka Peters', 'LBL YOS (minutes)'],
    ])
    expect(m.apologies.map((p) => p.name)).toEqual(['Holly Gardner', 'Kate English', 'Dith Banbury'])
    expect(m.warnings.join(' ')).toMatch(/read as apologies; check/)
    expect(m.actions.map((a) => a.owner)).toEqual(['Tanya Edwards', 'Geeta Subramaniam'])

    const panel = parse(`Ward Panel Meeting
On Wednesday 18th April 2018 at 19:15
Panel Attendees: JA, SA, JB, IS (Chair), AW (Minutes), JW.
First Time Attendees: AL, SG (Community Safety Officer). Attendees from Community Youth Groups: JC (The Crib), TW.
Cllrs: Cllr S Cameron, Cllr N Hercock
Apologies for absence: NL, JM, JM-S, JV (NHS Open Doors), PS N Walsh (Clissold).

  1. Introductions:

The Chair (IS) welcomed attendees.

  1. Matters arising from Minutes: No matters arising.`)
    expect(panel.attendees.map((p) => p.name)).toEqual([
      'JA',
      'SA',
      'JB',
      'IS',
      'AW',
      'JW',
      'AL',
      'SG',
      'JC',
      'TW',
      'Cllr S Cameron',
      'Cllr N Hercock',
    ])
    expect(panel.apologies.map((p) => p.name)).toEqual(['NL', 'JM', 'JM-S', 'JV', 'PS N Walsh'])
    expect(panel.items.map((i) => i.title)).toEqual(['Introductions', 'Matters arising from Minutes'])
  })

  it('reads a table of posts, names and who came, cells glued together, and a short numbered sentence as an item', () => {
    const posts = parse(`MINUTES – Lyde Green Neighbourhood Watch
Folly Pub, Lyde Green, 3rd October 2017 @ 8PM
Chairperson
James Blackwood
Present
Secretary
Amy Rogerson
Present
Zone 2 Coordinator
Simon Venables
Apologies
Treasurer
Adam Harrison
Present
Zone 3 Coordinator
Adam Harrison
Apologies
1. Welcome
The Chair welcomed everyone.`)
    expect(posts.attendees.map((p) => [p.name, p.agency])).toEqual([
      ['James Blackwood', null],
      ['Amy Rogerson', null],
      ['Adam Harrison', null],
    ])
    expect(posts.apologies.map((p) => p.name)).toEqual(['Simon Venables'])

    const glued = parse(`Notes of Annual Meeting held on Thursday 22nd November 2012
Present
Robert Ruck-KeeneChicheleyChair
Karen GossEmberton
Keith McLeanSherington Ward Councillor
1. Apologies: Jenny Chandler.
2. Minutes of the meeting on 1st November 2012 were agreed.
3. Youth Facility
Ben Gibbons reported that all was going well.`)
    expect(glued.attendees.map((p) => p.name)).toEqual(['Robert Ruck-Keene', 'Karen Goss', 'Keith McLean'])
    expect(glued.items.map((i) => i.number)).toEqual(['1', '2', '3'])
  })

  it('reads a committee code over its title, cells marked with asterisks, and owners by initials in a column', () => {
    const coded = parse(`Community Safety Advisory Board - Tuesday, 1st April, 2014 7.30 pm
No. Item
PART 1 - PUBLIC
CSF 14/1
Declarations of interest
Minutes:
There were no declarations of interest.
CSF 14/2
Minutes pdf icon PDF 34 KB
RESOLVED: That the notes be approved.`)
    expect(coded.items.map((i) => `${i.number} ${i.title}`)).toEqual([
      'CSF 14/1 Declarations of interest',
      'CSF 14/2 Minutes',
    ])

    const starred = parse(`Minutes of Executive Meeting on 18 April 2016
Present: / G. Jones* / Chair,
L. Tregear* / Vice-Chair
I. Langley* / Secretary & Minutes
Nick Baker (NB)
Maxine Collis (MC)
1 / Welcome and Apologies
Apologies were noted as above.
6.
NB/MC
The town council's view was discussed.
o Action NB, speak to the town council about the cost.`)
    expect(starred.attendees.map((p) => p.name)).toEqual([
      'G. Jones',
      'L. Tregear',
      'I. Langley',
      'Nick Baker',
      'Maxine Collis',
    ])
    expect(starred.actions.map((a) => a.owner)).toContain('Nick Baker')
  })

  it('reads a residents’ group: “Those present”, a run-in “Minutes:”, a paragraph with no heading, initials and first names as owners', () => {
    const m = parse(`MINUTES OF JAG MEETING Wed May 14 2008

Those present: Nick Berry (Treasurer), Louise Belson (Secretary), Roger Blantern, (co-chair), Sibyllle Walter

Roger Blantern chaired the meeting.

Apologies were received from Garry Turnbull (Chair), Tim Sutton, Wigi and Vajira Wignarajah, and Chris van Duuren.

Minutes: Minutes 10 April 2008 approved. Sibylle Walter volunteered to help distribute the minutes. Action LB/SW

1. Matters arising:

1.1 Hedge cut. LB to request the loan of a skip. NB will organise and oversee.                Action NB/ LB

2.1 Sat 5 July. Summer Street Clean. The meeting agreed the date.  Lambeth to send the forms.  Alice to print copies.  Tim and Roger to book the hall.`)
    expect(m.attendees.map((p) => [p.name, p.agency])).toEqual([
      ['Nick Berry', null],
      ['Louise Belson', null],
      ['Roger Blantern', null],
      ['Sibyllle Walter', null],
    ])
    expect(m.apologies.map((p) => p.name)).toEqual([
      'Garry Turnbull',
      'Tim Sutton',
      'Wigi Wignarajah',
      'Vajira Wignarajah',
      'Chris van Duuren',
    ])
    expect(m.items.map((i) => `${i.number} ${i.title}`)).toEqual([' Minutes', '1 Matters arising', '2.1 Sat 5 July'])
    // Initials resolved through the attendance ("Sibylle" in the text is "Sibyllle" of the list); an owner the
    // line already named is not counted twice; a common first name is an owner, a place ("Lambeth") is not.
    expect(m.actions.map((a) => `${a.owner} ${a.paragraph ?? ''}`.trim())).toEqual([
      'Louise Belson',
      'Sibyllle Walter',
      'Louise Belson 1.1',
      'Nick Berry 1.1',
      'Alice 2.1',
      'Tim 2.1',
      'Roger 2.1',
    ])
  })

  it('keeps text before any heading under no number and no title, and reads a PDF whose numbers wait for their titles', () => {
    const unheaded = parse(`Notes of the NAG meeting, 24 January 2011
Present: Ann Smith, Bob Jones, Carl Evans
Speeding on the High Street was discussed.
A speed check will be asked for.`)
    expect(importJson('x', unheaded).items.map((i) => [i.number, i.title])).toEqual([[null, null]])
    expect(unheaded.items[0]!.paragraphs[0]!.text).toMatch(/Speeding on the High Street/)

    const columns = parse(`CCTV WORKING PARTY
18 MARCH 2013
Present:
Cllr Peter Moore (PM)
Steve Hems (SH)
1.
TO RECEIVE APOLOGIES FOR ABSENCE
2.
Cllr Mike Baker and Cllr Brian Hannah
None received
DECLARATIONS OF INTEREST
No declarations of interest
3.
PRESENTATION FROM NORFOLK POLICE
Superintendent Carl Edwards attended the meeting.
MATTERS ARISING
4.
TOWN COUNCIL DISCUSSION`)
    expect(columns.items.map((i) => `${i.number} ${i.title}`)).toEqual([
      '1 TO RECEIVE APOLOGIES FOR ABSENCE',
      '2 DECLARATIONS OF INTEREST',
      '3 PRESENTATION FROM NORFOLK POLICE',
      '4 MATTERS ARISING',
      '5 TOWN COUNCIL DISCUSSION',
    ])
  })
  it('reads boards’ layouts: a flattened "Name – post, agency" run, guests for an item, an action sheet', () => {
    const board = parse(
      [
        'Minutes of the Meeting held on Thursday 16 April 2015 Present: Joan Maughan – Independent Chair',
        'Nigel Andrews – Tenancy Support Manager, Norwich City Council Kully Raju – Street Pride – Derby',
        'City Council Mark Taylor – Chief Officer, Norfolk Clinical Commissioning Groups Item Minute',
        'Declarations of Interest - None reported 1 Apologies for Absence Jackie Schneider – Head of',
        'Patient Safety, North Norfolk CCG 2 Welcome and Introductions The Chair welcomed all to the',
        'meeting confirming it was the first meeting of the newly established board.',
      ].join(' '),
    )
    expect(board.attendees.map((p) => p.name)).toEqual(['Joan Maughan', 'Nigel Andrews', 'Kully Raju', 'Mark Taylor'])
    expect(board.apologies.map((p) => p.name)).toEqual(['Jackie Schneider'])
    expect(board.items.map((i) => i.number)).toContain('2')

    const guests = parse(`Present
Mr H Fraser, Ms J Campbell, Mr L Fraser (substitute)
Also in attendance:
Mr I Ross, Board Member, Scottish Police Authority
Item 3:  Ms A Pyott, Ms R McKechnie and Mrs A Ali of Highland Multi-cultural Friends Group
1. Apologies
There were none.`)
    expect(guests.attendees.map((p) => p.name)).toEqual([
      'Mr H Fraser',
      'Ms J Campbell',
      'Mr L Fraser',
      'Mr I Ross',
      'Ms A Pyott',
      'Ms R McKechnie',
      'Mrs A Ali',
    ])
    expect(guests.items.map((i) => i.number)).toEqual(['1'])

    const sheet = parse(`Safeguarding Adults Partnership Board
Action Sheet
1. / Voluntary sector colleagues had requested training for trustees
Nancy to produce a proposed training specification / Nancy
2. / Circulate the Chief Executive’s announcement / Carol
8. / Jo to send Carol information on cases they have referred. / Jo/Lorraine
Date and Time of meeting / Tuesday 7th December 2010`)
    expect(sheet.actions.map((a) => a.owner)).toEqual(['Nancy', 'Carol', 'Jo', 'Lorraine'])
    // The heading's "Monday 7th December 2011" is no Monday; the details' Tuesday 7 December 2010 is.
    const dated = parse(`Safeguarding Adults Partnership Board
Monday 7th December 2011
Action Sheet
3. / Carol to develop the criteria and job profile for the chair.
NB: members will be invited to volunteer once the profile is complete. / Carol
Date and Time of meeting / Tuesday 7th December 2010`)
    expect(dated.date?.value).toBe('2010-12-07')
    expect(dated.actions.map((a) => [a.owner, a.text])).toEqual([
      ['Carol', 'Carol to develop the criteria and job profile for the chair'],
    ])
    expect(sheet.items.filter((i) => i.number)).toEqual([])
  })
  it('reads layouts met on unseen minutes: first names alone, organisations over people, narrative owners', () => {
    const COMMUNICATIONS = [
      'Communications. Minutes: It was agreed that officers would follow up with the Home Office.',
      'Peter Clifton explained the plan and it was noted that Peter Clifton would circulate it before Christmas',
      'and Rik Basra agreed to look into the website. |',
    ].join(' ')
    const residents = parse(`Residents Association Meeting Minutes
Date: Wednesday 13th January 2016

Bron, Rachel, Christophe, Ken, Phil, Maggie,
Tora, Sophie Cameron (ward councillor), PC Ali Dag

These were received from Michael Laidlow, Tony and Gloria Faram.

Minutes of November meeting
The November meeting minutes were approved.`)
    expect(residents.attendees.map((p) => p.name)).toEqual([
      'Bron',
      'Rachel',
      'Christophe',
      'Ken',
      'Phil',
      'Maggie',
      'Tora',
      'Sophie Cameron',
      'PC Ali Dag',
    ])
    expect(residents.apologies.map((p) => p.name)).toEqual(['Michael Laidlow', 'Tony Faram', 'Gloria Faram'])

    const board = parse(`Minutes of meeting held on 2 December 2011
Councillors Present:
North Lanarkshire Council
B Chadha (Depute), T Lunny
Attending:
Strathclyde Police
G Cairns, Divisional Commander; J McLeod, Superintendent
Introductions. Minutes: The Chairman welcomed everyone and introductions were made. |
${COMMUNICATIONS}`)
    expect(board.attendees.map((p) => [p.name, p.agency])).toEqual([
      ['B Chadha', 'North Lanarkshire Council'],
      ['T Lunny', 'North Lanarkshire Council'],
      ['G Cairns', 'Strathclyde Police'],
      ['J McLeod', 'Strathclyde Police'],
    ])
    expect(board.items.map((i) => i.title)).toEqual(['Introductions', 'Communications'])
    expect(board.actions.map((a) => a.owner).sort()).toEqual(['Peter Clifton', 'Rik Basra', 'officers'])
  })
})
