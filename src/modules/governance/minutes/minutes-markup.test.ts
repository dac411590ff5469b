import { describe, expect, it } from 'vitest'
import { inlineSegments, paragraphTextLines, parseMinutesMarkup } from './minutes-markup'

describe('minutes markup', () => {
  it('reads text, bullets and action lines as paragraph 2.1 of the reference minutes has them', () => {
    const { blocks, problems } = parseMinutesMarkup(
      'Ian Denness gave an update.\n- first\n- second\nAction - Ian Denness\n- third\nAction - John Newcombe / Andy Frost',
    )
    expect(problems).toEqual([])
    expect(blocks).toEqual([
      { kind: 'text', text: 'Ian Denness gave an update.' },
      { kind: 'bullets', items: ['first', 'second'] },
      { kind: 'action', index: 0, ownersText: 'Ian Denness', owners: ['Ian Denness'] },
      { kind: 'bullets', items: ['third'] },
      { kind: 'action', index: 1, ownersText: 'John Newcombe / Andy Frost', owners: ['John Newcombe', 'Andy Frost'] },
    ])
  })

  it('reports an action line with no owner by its line number', () => {
    const { problems } = parseMinutesMarkup('Text\n\nAction - ')
    expect(problems).toEqual([
      { line: 3, message: 'Line 3: write who owns the action after "Action -", for example "Action - Ian Denness"' },
    ])
  })

  it('treats CRLF like LF', () => {
    expect(parseMinutesMarkup('a\r\n- b').blocks).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'bullets', items: ['b'] },
    ])
  })

  it('prints a paragraph back in the reference layout, with its heading and the paragraph it cites', () => {
    expect(
      paragraphTextLines({
        number: '1.1',
        heading: null,
        cites: '3.3',
        body: 'Managing individuals.\nAction - John Newcombe / Andy Frost',
      }),
    ).toEqual(['1.1 3.3 Managing individuals.', 'Action - John Newcombe / Andy Frost'])
    expect(
      paragraphTextLines({
        number: '3.3',
        heading: 'Domestic Abuse Needs Assessment.',
        cites: null,
        body: 'Ian Denness explained.',
      }),
    ).toEqual(['Domestic Abuse Needs Assessment.', '3.3 Ian Denness explained.'])
  })

  it('links cross-references only where a word says they are references', () => {
    expect(inlineSegments('As agreed at paragraph 2.1 and see 3.4; the rate rose 2.5 times.')).toEqual([
      { text: 'As agreed at paragraph ' },
      { text: '2.1', ref: '2.1' },
      { text: ' and see ' },
      { text: '3.4', ref: '3.4' },
      { text: '; the rate rose 2.5 times.' },
    ])
  })
})
