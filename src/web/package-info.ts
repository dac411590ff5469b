import { readFileSync } from 'node:fs'
import { fromRoot } from '../paths'

export const packageInfo = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as {
  name: string
  version: string
}
