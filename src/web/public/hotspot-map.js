// Draws the hotspot map from the same figures as the table. Boundaries only, unless the deployment
// names a tile layer (CSP_MAP_TILES); the map names what it shows on the map itself.
const el = document.getElementById('hotspot-map')
if (el && window.L) {
  fetch(el.getAttribute('data-geojson'), { headers: { accept: 'application/geo+json' } })
    .then((res) => (res.ok ? res.json() : Promise.reject(new Error(String(res.status)))))
    .then((data) => {
      // The areas measured (beats or localities), and — when by beat — the locality outlines over them.
      const areas = data.features.filter((f) => !f.properties.overlay)
      const outlines = data.features.filter((f) => f.properties.overlay)
      if (!areas.length) return
      const map = L.map(el, { zoomSnap: 0.25, scrollWheelZoom: false })
      map.attributionControl.setPrefix('')
      map.attributionControl.addAttribution('Boundaries: ONS · Crime: police.uk (Open Government Licence)')
      const tiles = el.getAttribute('data-tiles')
      if (tiles)
        L.tileLayer(tiles, { attribution: el.getAttribute('data-tiles-attribution') || '', maxZoom: 18 }).addTo(map)
      const fmt = (v, d) => (v === null || v === undefined ? '–' : Number(v).toFixed(d))
      // Names come from uploaded boundary files: text, never HTML (Leaflet renders a string as HTML).
      const text = (s) => {
        const span = document.createElement('span')
        span.textContent = s
        return span
      }
      const shapes = L.geoJSON(
        { type: 'FeatureCollection', features: areas },
        {
          style: (f) => ({
            fillColor: f.properties.colour,
            fillOpacity: tiles ? 0.6 : 0.85,
            color: f.properties.hotspot ? '#0b0c0c' : '#505a5f',
            weight: f.properties.hotspot ? 4 : 0.75,
          }),
          onEachFeature: (f, layer) => {
            const p = f.properties
            layer.bindTooltip(
              text(
                `${p.area_name}: ${p.type_count} of ${p.all_count} crimes, LQ ${fmt(p.lq, 2)}${p.hotspot ? ' — hotspot' : ''}`,
              ),
              { sticky: true },
            )
          },
        },
      ).addTo(map)
      if (outlines.length) {
        L.geoJSON(
          { type: 'FeatureCollection', features: outlines },
          { style: { fill: false, color: '#0b0c0c', weight: 2, dashArray: '6 5' }, interactive: false },
        ).addTo(map)
      }
      shapes.eachLayer((layer) => {
        if (layer.feature.properties.hotspot) layer.bringToFront()
      })
      map.fitBounds(shapes.getBounds(), { padding: [8, 8] })
      // Labels on the map itself: each hotspot by name with a marker (a sliver of a beat stays
      // findable at any zoom), and each locality outline by name.
      // A handful of areas (localities) are all named; among many (beats), the hotspots are.
      const nameAll = areas.length <= 12
      shapes.eachLayer((layer) => {
        const p = layer.feature.properties
        if (nameAll && !p.hotspot) {
          L.tooltip({ permanent: true, direction: 'center', className: 'csp-map-label csp-map-label--locality' })
            .setLatLng(layer.getBounds().getCenter())
            .setContent(text(p.area_name))
            .addTo(map)
          return
        }
        if (!p.hotspot) return
        const at = layer.getBounds().getCenter()
        L.circleMarker(at, {
          radius: 6,
          color: '#0b0c0c',
          weight: 2,
          fillColor: '#ffffff',
          fillOpacity: 1,
          interactive: false,
        }).addTo(map)
        L.tooltip({
          permanent: true,
          direction: 'right',
          offset: [8, 0],
          className: 'csp-map-label csp-map-label--hotspot',
        })
          .setLatLng(at)
          .setContent(text(p.area_name))
          .addTo(map)
      })
      if (outlines.length) {
        for (const f of outlines) {
          const at = L.geoJSON(f).getBounds().getCenter()
          L.tooltip({ permanent: true, direction: 'center', className: 'csp-map-label csp-map-label--locality' })
            .setLatLng(at)
            .setContent(text(f.properties.area_name))
            .addTo(map)
        }
      }
      el.setAttribute('data-ready', 'true')
    })
    .catch(() => {
      el.textContent = 'The map could not be drawn. The table below holds the same figures.'
    })
}
