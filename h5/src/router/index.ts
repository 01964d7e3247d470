// Routes (history mode under /h5/) and the guard: every page but /login, /sso and /register needs a session, and a
// session that must change its password goes to /password first. A customer's or supplier's contact (role CONTACT)
// has only their messages (/messages) and /password: any staff page sends them to /messages, and staff opening
// /messages go home.
import type { Pinia } from 'pinia'
import {
  createRouter,
  createWebHistory,
  type RouteLocationNormalized,
  type RouteLocationRaw,
  type RouteRecordRaw,
  type Router,
  type RouterHistory,
} from 'vue-router'
import { useSessionStore } from '@/stores/session'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session. */
    public?: boolean
    /** The document title, which WeChat shows in its top bar. */
    title?: string
    /**
     * Who may open it once signed in: staff (the default: members and admins), contact (customers' and suppliers'
     * contact people only), or anyone signed in.
     */
    audience?: 'staff' | 'contact' | 'anyone'
  }
}

const APP_TITLE = '协同办公'

/** The app's routes; page files follow the route paths. */
export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/pages/login.vue'), meta: { public: true, title: '登录' } },
  { path: '/sso', name: 'sso', component: () => import('@/pages/sso.vue'), meta: { public: true, title: '正在登录' } },
  {
    path: '/register',
    name: 'register',
    component: () => import('@/pages/register.vue'),
    meta: { public: true, title: '申请注册' },
  },
  {
    path: '/password',
    name: 'password',
    component: () => import('@/pages/password.vue'),
    meta: { title: '修改密码', audience: 'anyone' },
  },
  {
    path: '/messages',
    name: 'messages',
    component: () => import('@/pages/messages/index.vue'),
    meta: { title: '我的消息', audience: 'contact' },
  },
  {
    path: '/messages/:id',
    name: 'message',
    component: () => import('@/pages/messages/[id].vue'),
    props: true,
    meta: { title: '消息详情', audience: 'contact' },
  },
  { path: '/wechat-bind', name: 'wechat-bind', component: () => import('@/pages/wechat-bind.vue'), meta: { title: '绑定微信' } },
  { path: '/', name: 'home', component: () => import('@/pages/index.vue'), meta: { title: APP_TITLE } },
  { path: '/compose', name: 'compose', component: () => import('@/pages/compose.vue'), meta: { title: '发协同' } },
  {
    path: '/items/:id',
    name: 'item',
    component: () => import('@/pages/items/[id].vue'),
    props: true,
    meta: { title: '协同详情' },
  },
  { path: '/notices', name: 'notices', component: () => import('@/pages/notices/index.vue'), meta: { title: '公告 · 新闻' } },
  {
    path: '/notices/:id',
    name: 'notice',
    component: () => import('@/pages/notices/[id].vue'),
    props: true,
    meta: { title: '公告详情' },
  },
  { path: '/surveys', name: 'surveys', component: () => import('@/pages/surveys/index.vue'), meta: { title: '调查' } },
  {
    path: '/surveys/:id',
    name: 'survey',
    component: () => import('@/pages/surveys/[id].vue'),
    props: true,
    meta: { title: '调查' },
  },
  { path: '/discussions', name: 'discussions', component: () => import('@/pages/discussions/index.vue'), meta: { title: '讨论' } },
  {
    path: '/discussions/:id',
    name: 'discussion',
    component: () => import('@/pages/discussions/[id].vue'),
    props: true,
    meta: { title: '讨论' },
  },
  { path: '/contacts', name: 'contacts', component: () => import('@/pages/contacts/index.vue'), meta: { title: '员工通讯录' } },
  {
    path: '/contacts/:id',
    name: 'contact',
    component: () => import('@/pages/contacts/[id].vue'),
    props: true,
    meta: { title: '员工名片' },
  },
  { path: '/external', name: 'external', component: () => import('@/pages/external/index.vue'), meta: { title: '外部联系人' } },
  {
    path: '/external/:externalUserId',
    name: 'external-contact',
    component: () => import('@/pages/external/[externalUserId].vue'),
    props: true,
    meta: { title: '外部联系人' },
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

/** A contact's home: their messages. */
export const CONTACT_HOME = '/messages'

/**
 * Where a signed-in account of `role` opening `to` is sent instead, or null when it may stay: a contact (CONTACT)
 * on a staff page goes to their messages, staff on a contact's page go home.
 */
export function audienceRedirect(role: string | undefined, to: Pick<RouteLocationNormalized, 'meta'>): RouteLocationRaw | null {
  const audience = to.meta.audience ?? 'staff'
  if (audience === 'anyone') return null
  const contact = role === 'CONTACT'
  if (contact && audience === 'staff') return { path: CONTACT_HOME, replace: true }
  if (!contact && audience === 'contact') return { path: '/', replace: true }
  return null
}

/** The sign-in guards on router, reading the session from the given Pinia. */
export function installGuards(router: Router, pinia: Pinia): void {
  router.beforeEach((to) => {
    if (to.meta.public) return true
    const session = useSessionStore(pinia)
    if (!session.signedIn) return { name: 'login', query: { redirect: to.fullPath } }
    if (session.mustChangePassword && to.name !== 'password') {
      return { name: 'password', query: { redirect: to.fullPath } }
    }
    return audienceRedirect(session.account?.role, to) ?? true
  })
}

/** Builds the router; the guard reads the session from the given Pinia. `history` is for tests. */
export function createAppRouter(pinia: Pinia, history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)): Router {
  const router = createRouter({
    history,
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  })

  installGuards(router, pinia)

  router.afterEach((to) => {
    document.title = to.meta.title ?? APP_TITLE
  })

  return router
}
