import { describe, expect, it } from 'vitest'
import { countQuorum } from './quorum'

const statutory = [
  { id: 'council', name: 'Dorset Council' },
  { id: 'police', name: 'Dorset Police' },
  { id: 'fire', name: 'Fire and Rescue' },
]
const row = (agency: string, status = 'present', statutoryFlag = 1) => ({
  status,
  agency_id: agency,
  agency_name: agency,
  agency_statutory: statutoryFlag,
})

describe('quorum by agency', () => {
  it('counts agencies, not heads: five council officers are one agency', () => {
    const q = countQuorum(
      [row('council'), row('council'), row('council'), row('council'), row('council')],
      statutory,
      2,
    )
    expect(q.statutoryAgenciesPresent).toEqual(['Dorset Council'])
    expect(q.quorate).toBe(false)
  })

  it('ignores apologies and non-statutory partners', () => {
    const q = countQuorum([row('council'), row('police', 'apologies'), row('opcc', 'present', 0)], statutory, 2)
    expect(q.quorate).toBe(false)
    expect(q.statutoryAgenciesAbsent).toEqual(['Dorset Police', 'Fire and Rescue'])
    expect(q.otherAgenciesPresent).toEqual(['opcc'])
  })

  it('is quorate at exactly the minimum', () => {
    expect(countQuorum([row('council'), row('fire')], statutory, 2).quorate).toBe(true)
  })
})
