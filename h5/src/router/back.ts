// Back on a page that a WeChat card may have opened: go back when the previous entry is the page's parent list,
// replace this page with that list otherwise (so Back never leaves the app or lands on /sso).
import { useRouter } from 'vue-router'
import { cameFrom } from '@/utils/navigation'

/** A click handler for the nav bar's Back: `parent` is the list's path, `target()` where to go without history. */
export function useBack(parent: string, target: () => string = () => parent): () => void {
  const router = useRouter()
  return () => {
    if (cameFrom(window.history.state?.back, parent)) router.back()
    else void router.replace(target())
  }
}
