// Follows a background crime import: updates the progress bar, then reloads for the result.
const box = document.querySelector('[data-job]')
if (box) {
  const id = box.getAttribute('data-job')
  const bar = document.getElementById('progress')
  const text = document.getElementById('progress-text')
  const tick = async () => {
    const res = await fetch(`/data/jobs/${id}/status`, { headers: { accept: 'application/json' } })
    if (!res.ok) return
    const s = await res.json()
    if (s.status !== 'running') return window.location.reload()
    bar.value = s.percent
    text.textContent = `${s.percent}% – ${s.rows.toLocaleString('en-GB')} rows read${s.source ? ` from ${s.source}` : ''}`
    setTimeout(tick, 1000)
  }
  setTimeout(tick, 500)
}
