import { createPinia } from 'pinia'
import { createApp } from 'vue'
import 'vant/lib/index.css'
import App from './App.vue'
import { createAppRouter } from './router'
import './styles.css'

const pinia = createPinia()
const app = createApp(App)
app.use(pinia)
app.use(createAppRouter(pinia))
app.mount('#app')
