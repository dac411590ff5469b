import { initAll } from '/javascripts/govuk-frontend.min.js'
initAll()
