// The company's own host names and the domain verification files WeCom and the service account hand out.

/**
 * The host names typed one per line, as the server takes them: trimmed, lower-cased, without a scheme or a path,
 * empty lines dropped and each once, in the order typed (the first is used for links and callback URLs).
 */
export function parseHosts(text: string): string[] {
  const out: string[] = []
  for (const line of text.split(/[\n,，\s]+/)) {
    const host = line
      .trim()
      .toLowerCase()
      .replace(/^https?:\/\//, '')
      .replace(/\/.*$/, '')
    if (host && !out.includes(host)) out.push(host)
  }
  return out
}

/** The largest verification file the portal sends (WeCom's and the service account's are a few dozen bytes). */
export const MAX_VERIFY_FILE_BYTES = 4096

/** Why a chosen file cannot be a verification file (an i18n key under binding.), or '' when it can. */
export function verifyFileProblem(file: { name: string; size: number }): string {
  if (!/^[A-Za-z0-9_.-]+\.txt$/.test(file.name)) return 'verifyNotTxt'
  if (file.size > MAX_VERIFY_FILE_BYTES) return 'verifyTooLarge'
  return ''
}

/** Reads a chosen verification file in the browser: its name and its text, to send with saveVerifyFile. */
export async function readVerifyFile(file: File): Promise<{ name: string; content: string }> {
  return { name: file.name, content: (await file.text()).trim() }
}
