/**
 * @module report/document
 * A tiny document model (headings, paragraphs, tables, checklists) with Markdown and HTML renderers,
 * so the runbook is written once and printed in either form with the same content.
 */

export type Block =
  | { kind: 'heading', level: 1 | 2 | 3, text: string }
  | { kind: 'paragraph', text: string }
  | { kind: 'table', header: string[], rows: string[][] }
  | { kind: 'checklist', items: Array<{ done: boolean, text: string }> }
  | { kind: 'list', items: string[] }

const mdCell = (text: string) => text.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replaceAll('\n', '<br>')

export function toMarkdown (blocks: Block[]): string {
  const out: string[] = []
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading': out.push(`${'#'.repeat(b.level)} ${b.text}`); break
      case 'paragraph': out.push(b.text); break
      case 'table':
        out.push([`| ${b.header.map(mdCell).join(' | ')} |`, `|${b.header.map(() => '---').join('|')}|`,
          ...b.rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)].join('\n'))
        break
      case 'checklist': out.push(b.items.map((i) => `- [${i.done ? 'x' : ' '}] ${i.text}`).join('\n')); break
      case 'list': out.push(b.items.map((i) => `- ${i}`).join('\n')); break
    }
  }
  return out.join('\n\n') + '\n'
}

export function escapeHtml (text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;')
}

/** `code` and **strong** spans of the model's Markdown-style text become <code> and <strong> in HTML. */
const inline = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>').replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')

export function toHtml (title: string, blocks: Block[]): string {
  const body = blocks.map((b) => {
    switch (b.kind) {
      case 'heading': return `<h${b.level}>${inline(b.text)}</h${b.level}>`
      case 'paragraph': return `<p>${inline(b.text)}</p>`
      case 'table': return `<table><thead><tr>${b.header.map((h) => `<th>${inline(h)}</th>`).join('')}</tr></thead><tbody>` +
        b.rows.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('') + '</tbody></table>'
      case 'checklist': return `<ul class="checklist">${b.items.map((i) => `<li><input type="checkbox" disabled${i.done ? ' checked' : ''}> ${inline(i.text)}</li>`).join('')}</ul>`
      case 'list': return `<ul>${b.items.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`
    }
  }).join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #c9d1d9;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#f3f5f7}code{background:#f3f5f7;padding:0 .2rem}ul.checklist{list-style:none;padding-left:0}
</style></head><body>
${body}
</body></html>
`
}
