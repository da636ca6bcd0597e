/**
 * Lets input and output waiting on the event loop go first. Work that runs without a real await
 * (better-sqlite3 answers synchronously, so a request's whole chain of queries is one block of
 * the loop) holds every keystroke that arrives meanwhile. A single `setImmediate` called from an
 * I/O callback runs in the same loop iteration's check phase, before the next poll for I/O; the
 * second one runs only after that poll, so what arrived meanwhile (an edit) is handled first.
 */
export function nextIoTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)))
}
