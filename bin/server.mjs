#!/usr/bin/env node
// npm start: the built server (dist/), or the sources through tsx when they changed since the build.
import { launch } from './launch.mjs'

await launch('server')
