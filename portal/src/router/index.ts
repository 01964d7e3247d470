// Routes (history mode under /admin/) and the guard: every page but /login needs an admin's session, and a session
// that must change its password goes to /password first. Menu entries are the `menu` routes' titles.
import type { Pinia } from 'pinia'
import { createRouter, createWebHistory, type RouteRecordRaw, type Router } from 'vue-router'
import { i18n } from '@/i18n'
import AdminLayout from '@/layout/AdminLayout.vue'
import { useSessionStore } from '@/stores/session'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session. */
    public?: boolean
    /** The i18n key of the page's title (the document title and the menu entry). */
    title?: string
    /** The menu entry to highlight when it is not the route's own path (a person's page highlights 员工). */
    menu?: string
  }
}

/** The portal's routes; the screens live in features/<feature>/. */
export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/features/auth/LoginPage.vue'), meta: { public: true, title: 'login.title' } },
  { path: '/sso', name: 'sso', component: () => import('@/features/auth/SsoPage.vue'), meta: { public: true, title: 'sso.title' } },
  { path: '/password', name: 'password', component: () => import('@/features/auth/PasswordPage.vue'), meta: { title: 'password.title' } },
  {
    path: '/',
    component: AdminLayout,
    children: [
      { path: '', redirect: { name: 'overview' } },
      { path: 'overview', name: 'overview', component: () => import('@/features/overview/OverviewPage.vue'), meta: { title: 'menu.overview' } },
      { path: 'binding', name: 'binding', component: () => import('@/features/binding/BindingPage.vue'), meta: { title: 'menu.binding' } },
      {
        path: 'service-account',
        name: 'serviceAccount',
        component: () => import('@/features/serviceaccount/ServiceAccountPage.vue'),
        meta: { title: 'menu.serviceAccount' },
      },
      { path: 'systems', name: 'systems', component: () => import('@/features/systems/SystemsPage.vue'), meta: { title: 'menu.systems' } },
      {
        path: 'departments',
        name: 'departments',
        component: () => import('@/features/departments/DepartmentsPage.vue'),
        meta: { title: 'menu.departments' },
      },
      { path: 'staff', name: 'staff', component: () => import('@/features/staff/StaffPage.vue'), meta: { title: 'menu.staff' } },
      {
        path: 'staff/:id',
        name: 'person',
        component: () => import('@/features/staff/PersonPage.vue'),
        props: true,
        meta: { title: 'staff.person', menu: '/staff' },
      },
      {
        path: 'registrations',
        name: 'registrations',
        component: () => import('@/features/registrations/RegistrationsPage.vue'),
        meta: { title: 'menu.registrations' },
      },
      {
        path: 'party-contacts',
        name: 'party-contacts',
        component: () => import('@/features/partycontacts/PartyContactsPage.vue'),
        meta: { title: 'menu.partyContacts' },
      },
      {
        path: 'contact-sync',
        name: 'contactSync',
        component: () => import('@/features/contactsync/ContactSyncPage.vue'),
        meta: { title: 'menu.contactSync' },
      },
      {
        path: 'publish/notices',
        name: 'notices',
        component: () => import('@/features/publish/NoticesPage.vue'),
        props: { kind: 'NOTICE' },
        meta: { title: 'menu.notices' },
      },
      {
        path: 'publish/news',
        name: 'news',
        component: () => import('@/features/publish/NoticesPage.vue'),
        props: { kind: 'NEWS' },
        meta: { title: 'menu.news' },
      },
      { path: 'publish/surveys', name: 'surveys', component: () => import('@/features/publish/SurveysPage.vue'), meta: { title: 'menu.surveys' } },
      { path: 'settings', name: 'settings', component: () => import('@/features/settings/SettingsPage.vue'), meta: { title: 'menu.settings' } },
      { path: 'audit', name: 'audit', component: () => import('@/features/audit/AuditPage.vue'), meta: { title: 'menu.audit' } },
      {
        path: 'deliveries',
        name: 'deliveries',
        component: () => import('@/features/deliveries/DeliveriesPage.vue'),
        meta: { title: 'menu.deliveries' },
      },
      { path: 'events', name: 'events', component: () => import('@/features/events/EventsPage.vue'), meta: { title: 'menu.events' } },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

/** Builds the router; the guard reads the session from the given Pinia. */
export function createAppRouter(pinia: Pinia): Router {
  const router = createRouter({ history: createWebHistory(import.meta.env.BASE_URL), routes })

  router.beforeEach((to) => {
    if (to.meta.public) return true
    const session = useSessionStore(pinia)
    if (!session.signedIn) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
    if (session.mustChangePassword && to.name !== 'password') {
      return { name: 'password', query: { redirect: to.fullPath } }
    }
    return true
  })

  router.afterEach((to) => {
    const t = i18n.global.t
    document.title = to.meta.title ? `${t(to.meta.title)} · ${t('app.title')}` : t('app.title')
  })

  return router
}

/** A redirect target from the query, only when it is a path of the portal (never another origin). */
export function safeNext(raw: unknown): string {
  return typeof raw === 'string' && raw.startsWith('/') && !raw.startsWith('//') ? raw : '/'
}
