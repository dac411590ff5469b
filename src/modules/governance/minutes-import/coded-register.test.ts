import { describe, expect, it } from 'vitest'
import { codedRegister, registerLegend } from './coded-register'
import { readText } from './source'

describe('a flattened attendance register with a legend of marks', () => {
  it('reads each person by the mark after their entry, and leaves out those who did not attend', () => {
    const doc = readText(
      [
        'P= Present A= Apologies DNA=Did not attend D/R=Deputise/Representative',
        'Board Member P A DNA D/R Steve Pugh (SP) – Chair P Brian Gathercole (BG) – Safeguarding, SCC P ' +
          'Mary Doyle (MD) – Chief Superintendent, GMP A Clare Devlin (CD) – Detective Chief Inspector, GMP R ' +
          'Hayley Moore (HM) – Inspection Manager, CQC DNA Emma Ford (EF) - Head of Safeguarding, Children and P ' +
          'Quality Assurance Unit - SCC Clare Kelly (CK) - Assistant Director, SRFT Tony Holt (TH) – GMFRS P',
      ].join('\n'),
    )
    codedRegister(doc.lines)
    expect(doc.lines.map((l) => (l.kind === 'text' ? l.text : ''))).toEqual([
      'Present: Steve Pugh (Chair)',
      'Present: Brian Gathercole (Safeguarding, SCC)',
      'Apologies: Mary Doyle (Chief Superintendent, GMP)',
      'Present: Clare Devlin (GMP)',
      'Present: Emma Ford (Children and Quality Assurance Unit, SCC)',
      'Present: Tony Holt (GMFRS)',
    ])
  })

  it('needs a legend with both present and apologies, and leaves other text alone', () => {
    expect(registerLegend('P = Present, A = Apologies')).not.toBeNull()
    expect(registerLegend('E = mc2 and P = Present')).toBeNull()
    const doc = readText('Present: Ann Lee (AL), Bob Ray (BR), Cy Doe (CD)\nA = Apologies')
    codedRegister(doc.lines)
    expect(doc.lines).toHaveLength(2)
  })
})
