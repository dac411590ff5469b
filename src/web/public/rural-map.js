// The rural places on a map: every rural LSOA, the places with more than their share of rural
// crime marked, outlined and named on the map itself (names are text, never HTML).
const el = document.getElementById('rural-map')
if (el && window.L) {
  fetch(el.getAttribute('data-geojson'), { headers: { accept: 'application/geo+json' } })
    .then((res) => (res.ok ? res.json() : Promise.reject(new Error(String(res.status)))))
    .then((data) => {
      if (!data.features.length) {
        el.textContent = 'No LSOA boundaries are loaded, so the places cannot be drawn. The list above names them.'
        return
      }
      const map = L.map(el, { zoomSnap: 0.25, scrollWheelZoom: false })
      map.attributionControl.setPrefix('')
      map.attributionControl.addAttribution('Boundaries: ONS · Crime: police.uk (Open Government Licence)')
      const tiles = el.getAttribute('data-tiles')
      if (tiles)
        L.tileLayer(tiles, { attribution: el.getAttribute('data-tiles-attribution') || '', maxZoom: 18 }).addTo(map)
      const text = (s) => {
        const span = document.createElement('span')
        span.textContent = s
        return span
      }
      const shapes = L.geoJSON(data, {
        style: (f) => ({
          fillColor: f.properties.candidate ? '#ffdd00' : '#f3f2f1',
          fillOpacity: 0.85,
          color: f.properties.candidate ? '#0b0c0c' : '#505a5f',
          weight: f.properties.candidate ? 3 : 0.5,
        }),
        onEachFeature: (f, layer) =>
          layer.bindTooltip(
            text(
              f.properties.candidate
                ? `${f.properties.area_name}: ${f.properties.count} crimes, ${Number(f.properties.ratio).toFixed(1)} times its share`
                : f.properties.area_name,
            ),
            { sticky: true },
          ),
      }).addTo(map)
      map.fitBounds(shapes.getBounds(), { padding: [8, 8] })
      shapes.eachLayer((layer) => {
        const p = layer.feature.properties
        if (!p.candidate) return
        layer.bringToFront()
        const at = layer.getBounds().getCenter()
        L.circleMarker(at, {
          radius: 5,
          color: '#0b0c0c',
          weight: 2,
          fillColor: '#ffffff',
          fillOpacity: 1,
          interactive: false,
        }).addTo(map)
        L.tooltip({
          permanent: true,
          direction: 'right',
          offset: [6, 0],
          className: 'csp-map-label csp-map-label--hotspot',
        })
          .setLatLng(at)
          .setContent(text(p.area_name))
          .addTo(map)
      })
      el.setAttribute('data-ready', 'true')
    })
    .catch(() => {
      el.textContent = 'The map could not be drawn. The list above names the same places.'
    })
}
