// 已绑定的微信's list: wechatBindings pages by a `next` cursor (null after the last), as registrations does.
export { nextPage as bindingsPage } from '@/utils/paging'
