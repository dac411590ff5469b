// Follows a background job (a crime import, a report build): updates the progress bar and the
// words in its polite live region, then reloads, and the page shows the result.
const box = document.querySelector('[data-job-status]')
if (box) {
  const bar = document.getElementById('progress')
  const text = document.getElementById('progress-text')
  const tick = async () => {
    const res = await fetch(box.getAttribute('data-job-status'), { headers: { accept: 'application/json' } })
    if (!res.ok) return window.location.reload()
    const s = await res.json()
    if (s.status !== 'running') return window.location.reload()
    bar.value = s.percent
    text.textContent = s.text
    setTimeout(tick, 700)
  }
  setTimeout(tick, 400)
}
