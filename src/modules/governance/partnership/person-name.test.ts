import { describe, expect, it } from 'vitest'
import { nameKey, splitOwnerNames } from './person-name'

describe('person names', () => {
  it('gives two spellings of one name the same key', () => {
    expect(nameKey('Cllr Gill Taylor')).toBe(nameKey('gill  taylor'))
    expect(nameKey('Superintendent Neil Leat')).toBe('neil leat')
    expect(nameKey("Children’s O'Neil")).toBe(nameKey('childrens oneil'))
  })

  it('does not strip a given name that looks like a title', () => {
    expect(nameKey('Di Evans')).toBe('di evans')
  })

  it('splits the owners of an action line', () => {
    expect(splitOwnerNames('John Newcombe / Andy Frost')).toEqual(['John Newcombe', 'Andy Frost'])
    expect(splitOwnerNames('Ian Denness, Di Evans and Andy Frost')).toEqual(['Ian Denness', 'Di Evans', 'Andy Frost'])
    expect(splitOwnerNames('')).toEqual([])
  })
})
