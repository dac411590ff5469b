// Draws the hotspot map from the same figures as the table: no tile server, only the boundaries.
/* global L */
const el = document.getElementById('hotspot-map')
if (el && window.L) {
  fetch(el.getAttribute('data-geojson'), { headers: { accept: 'application/geo+json' } })
    .then((res) => (res.ok ? res.json() : Promise.reject(new Error(String(res.status)))))
    .then((data) => {
      const areas = data.features.filter((f) => f.properties.layer !== 'locality')
      const localities = data.features.filter((f) => f.properties.layer === 'locality')
      if (!areas.length) return
      const map = L.map(el, { zoomSnap: 0.25, scrollWheelZoom: false })
      map.attributionControl.setPrefix('')
      map.attributionControl.addAttribution('Boundaries: ONS · Crime: police.uk (Open Government Licence)')
      const fmt = (v, d) => (v === null || v === undefined ? '–' : Number(v).toFixed(d))
      const shapes = L.geoJSON(
        { type: 'FeatureCollection', features: areas },
        {
          style: (f) => ({ fillColor: f.properties.colour, fillOpacity: 0.85, color: f.properties.hotspot ? '#0b0c0c' : '#505a5f', weight: f.properties.hotspot ? 4 : 0.75 }),
          onEachFeature: (f, layer) => {
            const p = f.properties
            // Names come from uploaded boundary files: text, never HTML (Leaflet renders a string as HTML).
            const tip = document.createElement('span')
            tip.textContent = `${p.area_name}: ${p.type_count} of ${p.all_count} crimes, LQ ${fmt(p.lq, 2)}${p.hotspot ? ' — hotspot' : ''}`
            layer.bindTooltip(tip, { sticky: true })
          },
        },
      ).addTo(map)
      if (localities.length) L.geoJSON({ type: 'FeatureCollection', features: localities }, { style: { fill: false, color: '#0b0c0c', weight: 2, dashArray: '6 5' }, interactive: false }).addTo(map)
      shapes.eachLayer((layer) => {
        if (layer.feature.properties.hotspot) layer.bringToFront()
      })
      map.fitBounds(shapes.getBounds(), { padding: [8, 8] })
      el.setAttribute('data-ready', 'true')
    })
    .catch(() => {
      el.textContent = 'The map could not be drawn. The table below holds the same figures.'
    })
}
