#!/usr/bin/env node
// Every browser walk, in order, against one server (the portal's after the phones': it rotates PB's key and changes account rules; onboarding's last: a tenant of its own): `node h5/e2e/run.mjs` from the repo root (`make e2e`),
// or `npm run e2e` in h5/. E2E_ONLY=<name> runs one walk.
import { cards } from './cards.mjs'
import { contacts } from './contacts.mjs'
import { discussion } from './discussion.mjs'
import { runWalks } from './harness.mjs'
import { item } from './item.mjs'
import { journey } from './journey.mjs'
import { lists } from './lists.mjs'
import { onboarding } from './onboarding.mjs'
import { partycontact } from './partycontact.mjs'
import { portal } from './portal.mjs'
import { register } from './register.mjs'
import { wechat } from './wechat.mjs'

await runWalks([['journey', journey], ['lists', lists], ['item', item], ['cards', cards], ['discussion', discussion], ['contacts', contacts], ['portal', portal], ['wechat', wechat], ['partycontact', partycontact], ['register', register], ['onboarding', onboarding]])
