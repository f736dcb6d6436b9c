// Small Markdown helpers shared by the reference generators (proxy/docs/*-reference.ts): tables
// whose cells may hold any text, and the banner that marks a file as generated.

/** First lines of every generated file: says where it comes from and how to regenerate it. */
export function generatedBanner(source: string): string {
  return `<!-- Generated from ${source} by \`npm run docs\`; do not edit by hand (a test compares it). -->\n`;
}

/** A cell: pipes escaped and newlines folded, so any text keeps the table intact. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}

export function code(text: string): string {
  return text === '' ? '`""`' : `\`${text}\``;
}
