// Vite settings both web apps share (h5/vite.config.ts, portal/vite.config.ts).
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * A build plugin that writes dist/.keep back after each build: Vite empties dist/ on every build, Go's //go:embed
 * in the app's embed.go needs dist/ to hold at least one file, and git keeps dist/.keep. dist is the app's dist/
 * folder as a URL (new URL('./dist/', import.meta.url)).
 */
export function keepDist(dist: URL) {
  return {
    name: 'qiao-keep-dist',
    apply: 'build' as const,
    closeBundle() {
      writeFileSync(fileURLToPath(new URL('.keep', dist)), '')
    },
  }
}

/** The aliases both apps resolve: `@` is the app's src/, `@shared` this folder. app is the app's folder as a URL. */
export function aliases(app: URL): Record<string, string> {
  return {
    '@': fileURLToPath(new URL('./src', app)),
    '@shared': fileURLToPath(new URL('../shared-web', app)),
  }
}
