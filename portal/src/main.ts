import 'element-plus/dist/index.css'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { i18n } from './i18n'
import { useElement } from './element'
import { createAppRouter } from './router'
import './styles.css'

const pinia = createPinia()
const app = createApp(App)
app.use(pinia)
app.use(i18n)
useElement(app)
app.use(createAppRouter(pinia))
app.mount('#app')
