/**
 * Lets the event loop turn (timers, I/O, other requests) before going on: long work on the web
 * server's thread — storing a boundary set, recounting crime — awaits this between pieces, so
 * /health and other pages still answer. Awaiting a settled promise alone never yields to I/O.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
