import { describe, expect, it } from 'vitest'
import { bngToWgs84 } from '../../geo/projection'
import { areaMapSvg, type MapArea } from './area-map'

/** A square on the National Grid, as WGS84 outlines like stored boundaries. */
function square(x: number, y: number, size: number) {
  const corners: [number, number][] = [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
    [x, y],
  ]
  return [[corners.map(([cx, cy]) => bngToWgs84(cx, cy))]]
}

function grid(n: number, size: number, outline: (i: number) => boolean): MapArea[] {
  const areas: MapArea[] = []
  for (let i = 0; i < n * n; i++)
    areas.push({
      code: `A${i}`,
      name: `Area ${i}`,
      polygons: square(380000 + (i % n) * size, 90000 + Math.floor(i / n) * size, size),
      fill: '#f3f2f1',
      outline: outline(i),
    })
  return areas
}

const base = {
  id: 'm',
  title: 'T',
  desc: 'D',
  legend: [{ label: 'Over', colour: '#ffdd00' }],
  attribution: 'A',
  caveat: 'C',
}

describe('the static area map', () => {
  it('draws a true scale bar: 10 km across at 736 px, a 2 km bar of 147 px', () => {
    const svg = areaMapSvg({ ...base, areas: grid(2, 5000, () => false) })
    // The map is 760 wide with 12 px padding: 736 px for 10,000 m; the bar is two halves of 1,000 m.
    expect(svg).toContain('>2 km</text>')
    expect(svg).toMatch(/<rect x="16" y="[\d.]+" width="73\.6" height="4"/)
    // One path per colour, holding all four squares.
    const paths = svg.match(/<path d="(M[^"]+)" fill="#f3f2f1"/g)!
    expect(paths).toHaveLength(1)
    expect(paths[0].match(/M/g)).toHaveLength(4)
  })

  it('names outlined areas up to the limit, where names do not collide, and leaves the rest to the table', () => {
    const svg = areaMapSvg({ ...base, areas: grid(6, 4000, (i) => i % 2 === 0), maxLabels: 5 })
    const bold = svg.match(/font-weight="bold"[^>]*>Area \d+</g) ?? []
    expect(bold).toHaveLength(5)
    expect(svg.match(/fill="none" stroke="#0b0c0c" stroke-width="2.5"/g)).toHaveLength(1)
    expect(svg).toContain('<title id="m-title">T</title><desc id="m-desc">D</desc>')
  })

  it('escapes names, drops areas too small to see, and draws nothing without areas', () => {
    const svg = areaMapSvg({
      ...base,
      areas: [
        { code: 'x', name: 'Big <b> & "co"', polygons: square(380000, 90000, 20000), fill: '#fff', outline: true },
        { code: 'y', name: 'Speck', polygons: square(390000, 100000, 1), fill: '#f00' },
      ],
    })
    expect(svg).toContain('Big &lt;b&gt; &amp; &quot;co&quot;')
    expect(svg).not.toContain('fill="#f00"')
    expect(areaMapSvg({ ...base, areas: [] })).toBe('')
  })
})
