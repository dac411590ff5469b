import { describe, expect, it } from 'vitest'
import { csvField, csvValue, fromCsvField, toCsv } from './csv'

describe('the one CSV writer', () => {
  it('leads text that a spreadsheet would run as a formula with an apostrophe (OWASP), and reads it back as typed', () => {
    for (const bad of ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) {
      const out = csvField(bad)
      expect(out.replace(/^"/, '')[0], bad).toBe("'")
      expect(fromCsvField(out.replace(/^"|"$/g, '').replace(/""/g, '"')), bad).toBe(bad)
    }
    expect(csvField('Weymouth, Portland')).toBe('"Weymouth, Portland"')
    expect(csvField('=1,2')).toBe(`"'=1,2"`)
    expect(csvField('plain')).toBe('plain')
    // Numbers are figures, not text: a negative number stays a number.
    expect(csvValue(-3)).toBe('-3')
    expect(csvValue(-0.25)).toBe('-0.250000')
    expect(fromCsvField("'plain")).toBe("'plain")
    expect(toCsv(['a'], [{ a: '=cmd' }])).toBe("a\n'=cmd\n")
  })
})
