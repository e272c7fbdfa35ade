// Activities do the real work (call an API, write to a database, send an email). They run outside the sandbox as
// ordinary async functions; a failed attempt is retried by the server with the workflow's retry policy.
export async function composeGreeting(greeting: string, name: string): Promise<string> {
  return `${greeting}, ${name}!`;
}
