export interface AttendanceForQuorum {
  status: string
  agency_id: string
  agency_name: string
  agency_statutory: number
}

export interface Quorum {
  required: number
  statutoryAgenciesPresent: string[]
  statutoryAgenciesAbsent: string[]
  otherAgenciesPresent: string[]
  quorate: boolean
}

/**
 * Quorum is counted by agency, not by head: five council officers make one agency. Only the
 * responsible authorities (agencies marked statutory) count towards the minimum.
 */
export function countQuorum(
  attendance: readonly AttendanceForQuorum[],
  statutoryAgencies: readonly { id: string; name: string }[],
  required: number,
): Quorum {
  const present = attendance.filter((a) => a.status === 'present')
  const presentIds = new Set(present.map((a) => a.agency_id))
  const statutoryAgenciesPresent = statutoryAgencies.filter((a) => presentIds.has(a.id)).map((a) => a.name)
  const statutoryAgenciesAbsent = statutoryAgencies.filter((a) => !presentIds.has(a.id)).map((a) => a.name)
  const otherAgenciesPresent = [...new Set(present.filter((a) => !a.agency_statutory).map((a) => a.agency_name))].sort()
  return {
    required,
    statutoryAgenciesPresent,
    statutoryAgenciesAbsent,
    otherAgenciesPresent,
    quorate: statutoryAgenciesPresent.length >= required,
  }
}
