import { describe, expect, it } from 'vitest'
import {
  alreadyListed,
  gluedName,
  initialsOf,
  legendRun,
  looksLikeName,
  namesBySpaces,
  namesSideBySide,
  nameThenPlace,
  peopleByInitials,
  postThenName,
  splitList,
} from './people-names'

describe('reading people as minutes print them', () => {
  it('parts names run together in a table row, by spaces or by first names', () => {
    expect(
      namesBySpaces(
        'Chairman James Pocklington      Brenda Nutt       Sylvia Scott Neal Overton  E Overton Liz  Beadle',
      ),
    ).toEqual(['James Pocklington', 'Brenda Nutt', 'Sylvia Scott', 'Neal Overton', 'E Overton', 'Liz Beadle'])
    expect(namesBySpaces('The meeting   was held   at the hall')).toBeNull()
    expect(namesSideBySide('Robin Tomlinson Martyn White')).toEqual(['Robin Tomlinson', 'Martyn White'])
    expect(namesSideBySide('Barry Clarke Jean Harris')).toEqual(['Barry Clarke', 'Jean Harris'])
    expect(namesSideBySide('Mary Ann Smith')).toEqual(['Mary Ann Smith'])
  })

  it('reads a name with its place after it, but not the next person or a name of three words', () => {
    expect(nameThenPlace('Sue Cavalier Abbey &Ryemead')).toEqual(['Sue Cavalier', 'Abbey &Ryemead'])
    expect(nameThenPlace('Cath Broughton Christine Kinnersley')).toBeNull()
    expect(nameThenPlace('Stewart Dipple (Dorset Police)')).toBeNull()
    expect(nameThenPlace('John Hunter Towcester')).toBeNull()
    expect(nameThenPlace('John Hunter Towcester', true)).toEqual(['John Hunter', 'Towcester'])
  })

  it('anchors people on their initials in brackets, and reads a post then the next person', () => {
    expect(
      peopleByInitials(
        'Drew Russell (DR) Chair Cllr Alison Evison Aberdeenshire Council (AE) Henry Irvine-Fortescue (HIF) Vice-Chair Colin Pike (CP)',
      ),
    ).toEqual([
      'Drew Russell (Chair)',
      'Cllr Alison Evison (Aberdeenshire Council)',
      'Henry Irvine-Fortescue (Vice-Chair)',
      'Colin Pike',
    ])
    expect(
      peopleByInitials('J Smith (JS) Thorn Court S Antrobus (SA) Albion Towers H de Boer (HdB) Salix Homes'),
    ).toEqual(['J Smith (Thorn Court)', 'S Antrobus (Albion Towers)', 'H de Boer'])
    expect(postThenName('Parish Clerk Liz Pinchen, Deputy Parish Clerk')).toBe('Liz Pinchen')
    expect(initialsOf('Cllr Alan Mann')).toBe('AM')
  })

  it('splits couples and particles, and knows platforms and places are no one', () => {
    expect(splitList('Garry Turnbull, Chris van Duuren, Wigi and Vajira Wignarajah, Tim Sutton')).toEqual([
      'Garry Turnbull',
      'Chris van Duuren',
      'Wigi Wignarajah',
      'Vajira Wignarajah',
      'Tim Sutton',
    ])
    expect(splitList('Economy, Skills and Natural Resources, Welsh Government')).not.toContain('Skills Resources')
    for (const notAPerson of ['MS Teams', 'The Folly', 'North East', 'Press', 'Kent YOS'])
      expect(looksLikeName(notAPerson)).toBe(false)
    expect(looksLikeName('Mr peter Bond')).toBe(true)
  })

  it('knows someone named in the narrative is already listed, by surname and first initial', () => {
    const listed = [{ name: 'Cllr C Selman' }, { name: 'Councillor Mrs Jo Davies' }, { name: 'Mr Hogan' }]
    expect(alreadyListed('Caroline Selman', listed)).toBe(true)
    expect(alreadyListed('Councillor Davies', listed)).toBe(true)
    expect(alreadyListed('Chris Hogan', listed)).toBe(true)
    expect(alreadyListed('Martin Selman', listed)).toBe(false)
    expect(alreadyListed('Councillor Laws', listed)).toBe(false)
  })

  it('parts a name glued to its post, and leaves surnames with capitals inside alone', () => {
    expect(gluedName('Matthew EllisPolice and Crime Commissioner')).toEqual([
      'Matthew Ellis',
      'Police and Crime Commissioner',
    ])
    expect(gluedName('Sgt. Tracy McKenzieCannock LPT')).toEqual(['Sgt. Tracy McKenzie', 'Cannock LPT'])
    expect(gluedName('Donna Meredith-WoodCCDC Partnership Manager')).toEqual([
      'Donna Meredith-Wood',
      'CCDC Partnership Manager',
    ])
    for (const whole of [
      "Cllr O'Brien",
      'Cllr DeSouza',
      'Councillor McDonald',
      'Mrs MacKenzie',
      'Cllr LeBlanc (Chair)',
    ])
      expect(gluedName(whole)).toBeNull()
  })

  it('reads a legend run together on one line, each mark before the name it stands for', () => {
    expect(
      legendRun(
        'AF PCSO Andy Freeman PF PC Pete Farrell RM Richard Macrae, Stapleford Community Group JE John T Evans Chair NHW MS Martin Sands VVG V.V. Gouldr, PCC office',
      ),
    ).toEqual([
      'PCSO Andy Freeman',
      'PC Pete Farrell',
      'Richard Macrae (Stapleford Community Group)',
      'John T Evans (Chair NHW)',
      'Martin Sands',
      'V.V. Gouldr (PCC office)',
    ])
    expect(legendRun('The AGM was held in May and NHW members attended')).toBeNull()
  })
})
