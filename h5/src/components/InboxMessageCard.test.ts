import { describe, expect, it } from 'vitest'
import { createSSRApp } from 'vue'
import { renderToString } from 'vue/server-renderer'
import type { InboxMessageFieldsFragment } from '@/gql/graphql'
import InboxMessageCard from './InboxMessageCard.vue'

// The message page's card rendered to HTML: a system's content is plain text, so markup in it shows as typed.
function render(message: Partial<InboxMessageFieldsFragment>): Promise<string> {
  const full: InboxMessageFieldsFragment = {
    id: '5',
    system: 'PB',
    title: '报价单 Q-1 已确认',
    content: '',
    url: null,
    createdAt: '2026-12-07T05:30:00Z',
    read: true,
    ...message,
  }
  return renderToString(createSSRApp(InboxMessageCard, { message: full }))
}

describe('InboxMessageCard', () => {
  it('shows the content as text, never as HTML', async () => {
    const html = await render({
      content: '<b>加粗</b><script>alert(1)</script><img src=x onerror="alert(2)">\n第二行',
      title: '<i>标题</i>',
    })
    expect(html).not.toContain('<b>')
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('<img')
    expect(html).not.toContain('<i>')
    expect(html).toContain('&lt;b&gt;加粗&lt;/b&gt;&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('&lt;i&gt;标题&lt;/i&gt;')
  })

  it('keeps the line breaks (the content is shown pre-wrapped)', async () => {
    const html = await render({ content: '送货单 D-9 待签收\n数量：20 箱\n\n请于本周内签收' })
    expect(html).toMatch(/data-testid="message-content"[^>]*>送货单 D-9 待签收\n数量：20 箱\n\n请于本周内签收</)
    expect(html).toContain('inbox-message__content')
  })

  it('shows the title, the system and the time in China time', async () => {
    const html = await render({})
    expect(html).toContain('报价单 Q-1 已确认')
    expect(html).toMatch(/data-testid="message-system"[^>]*>.*PB/s)
    expect(html).toMatch(/13:30/)
  })

  it('offers 打开详情 for the system\'s own http(s) page only', async () => {
    const withUrl = await render({ url: 'https://pb.example.com/quotes/Q-1' })
    expect(withUrl).toContain('打开详情')
    expect(withUrl).toContain('href="https://pb.example.com/quotes/Q-1"')

    expect(await render({ url: null })).not.toContain('打开详情')
    const script = await render({ url: 'javascript:alert(1)' })
    expect(script).not.toContain('打开详情')
    expect(script).not.toContain('javascript:')
  })
})
