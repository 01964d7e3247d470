// Routes (history mode under /h5/) and the guard: every page but /login, /sso and /register needs a session, and a
// session that must change its password goes to /password first.
import type { Pinia } from 'pinia'
import { createRouter, createWebHistory, type RouteRecordRaw, type Router } from 'vue-router'
import { useSessionStore } from '@/stores/session'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session. */
    public?: boolean
    /** The document title, which WeChat shows in its top bar. */
    title?: string
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
  { path: '/password', name: 'password', component: () => import('@/pages/password.vue'), meta: { title: '修改密码' } },
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

/** Builds the router; the guard reads the session from the given Pinia. */
export function createAppRouter(pinia: Pinia): Router {
  const router = createRouter({
    history: createWebHistory(import.meta.env.BASE_URL),
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  })

  router.beforeEach((to) => {
    if (to.meta.public) return true
    const session = useSessionStore(pinia)
    if (!session.signedIn) return { name: 'login', query: { redirect: to.fullPath } }
    if (session.mustChangePassword && to.name !== 'password') {
      return { name: 'password', query: { redirect: to.fullPath } }
    }
    return true
  })

  router.afterEach((to) => {
    document.title = to.meta.title ?? APP_TITLE
  })

  return router
}
