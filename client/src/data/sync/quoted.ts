/** A row's name as quoted in messages: “Buy milk”, cut short when long. */
export function quoted(name: string): string {
  return `“${name.length > 60 ? `${name.slice(0, 57)}…` : name}”`;
}
