import { describe, expect, it } from 'vitest'
import { counted, pluralOf, withArticle } from './words'

describe('words made from numbers and names', () => {
  it('makes plurals and articles the way people write them', () => {
    expect(counted(8, 'priority')).toBe('8 priorities')
    expect(counted(5, 'locality')).toBe('5 localities')
    expect(counted(1, 'version')).toBe('1 version')
    expect(counted(0, 'action')).toBe('0 actions')
    expect(counted(2, 'person')).toBe('2 people')
    expect(counted(1200, 'row')).toBe('1,200 rows')
    expect(pluralOf('beat')).toBe('beats')
    expect(pluralOf('day')).toBe('days')
    expect(pluralOf('box')).toBe('boxes')
    expect(pluralOf('Priority')).toBe('Priorities')
    expect(withArticle('intervention')).toBe('an intervention')
    expect(withArticle('assessment')).toBe('an assessment')
    expect(withArticle('risk')).toBe('a risk')
    expect(withArticle('priority')).toBe('a priority')
    expect(withArticle('user')).toBe('a user')
    expect(withArticle('update')).toBe('an update')
    expect(withArticle('hour')).toBe('an hour')
  })
})
