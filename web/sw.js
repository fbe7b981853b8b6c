// The service worker of Rendiconto Aperto: after one visit, the site works offline.
// `cargo xtask dist` writes dist/sw.js from this template, with the list of files
// and a version that is a hash of all of them (crates/rendiconto-site/src/pwa.rs).
//
// One cache per version. A new build means a new cache, filled completely before the
// new worker may take over; it takes over only when the page asks (the person pressed
// "Aggiorna", web/src/pwa.rs), and the page then reloads. So the interface, the engine
// and the bundle always come from the same build. Old caches are deleted on takeover.
'use strict';

const VERSION = '__RA_VERSION__';
const FILES = __RA_FILES__;
const PREFIX = 'rendiconto-aperto-';
const CACHE = PREFIX + VERSION;

// A name that holds its content's hash (the app's module and wasm, the index's pieces:
// rendiconto_site::headers::CONTENT_HASHED) never changes content.
const HASHED = new RegExp(__RA_HASHED__);
// How many files are downloaded at once while installing.
const AT_ONCE = 2;

// Installing fills this version's cache with every file. It runs right after a first
// visit's first results, while the person may be typing: the page's own requests (the
// index's pieces a new question needs) must not queue behind hundreds of these. So the
// files come a few at a time and at low priority, and a content-hashed file is taken
// from the HTTP cache when the page already downloaded it (the wasm, the pieces read
// so far): its name guarantees it is this version's. Every other file comes straight
// from the server (`reload`), never a stale copy from the HTTP cache. One file that
// cannot be had fails the install, as before; the next visit tries again.
function precache(cache) {
  const queue = FILES.slice();
  const next = () => {
    const file = queue.shift();
    if (file === undefined) return Promise.resolve();
    const request = new Request(file, { cache: HASHED.test(file) ? 'default' : 'reload', priority: 'low' });
    return fetch(request)
      .then((response) => {
        if (!response.ok) throw new TypeError(file + ': ' + response.status);
        return cache.put(request, response);
      })
      .then(next);
  };
  return Promise.all(Array.from({ length: AT_ONCE }, next));
}

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then(precache));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') {
    self.skipWaiting();
  }
});

// The prerendered pages (crates/rendiconto-site/src/prerender.rs) are not precached: there are
// hundreds, and each is the app's page with its content. A page is fetched from the
// network first and kept in this version's cache; offline, a page seen before comes
// from the cache, and an unseen one opens in the precached app by its old link
// (`attivita/9-3-1/` → `./?a=m9-p3-a1`), which renders the same content.
const PAGE = /^(missione|programma|attivita|tabella)\/([0-9]+(?:-[0-9]+)*)\/(?:index\.html)?$|^dati\/(?:index\.html)?$/;

function appLink(rel, search) {
  const m = PAGE.exec(rel);
  const params = new URLSearchParams(search);
  const n = m && m[2] ? m[2].split('-') : [];
  if (m && m[1] === 'missione') params.set('m', n[0]);
  if (m && m[1] === 'programma') params.set('p', 'm' + n[0] + '-p' + n[1]);
  if (m && m[1] === 'attivita') params.set('a', 'm' + n[0] + '-p' + n[1] + '-a' + n[2]);
  if (m && m[1] === 'tabella') params.set('a', 'm' + n[0] + '-p' + n[1] + '-t' + n[2]);
  const qs = params.toString();
  return self.registration.scope + (qs ? '?' + qs : '');
}

function page(request, rel) {
  const url = new URL(request.url);
  const key = url.origin + url.pathname;
  return fetch(request)
    .then((response) => {
      if (response.ok) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(key, copy));
      }
      return response;
    })
    .catch(() =>
      caches
        .open(CACHE)
        .then((cache) => cache.match(key))
        .then((hit) => hit || Response.redirect(appLink(rel, url.search), 302))
    );
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  const scope = new URL(self.registration.scope).pathname;
  const path = new URL(request.url).pathname;
  const rel = path.startsWith(scope) ? path.slice(scope.length) : null;
  if (request.mode === 'navigate' && rel !== null && PAGE.test(rel)) {
    event.respondWith(page(request, rel));
    return;
  }
  // "Riprova" after a failed download asks for a fresh copy (`cache: 'reload'`): from
  // the network, the cached copy only when the network fails.
  if (request.cache === 'reload') {
    event.respondWith(fetch(request).catch(() => caches.open(CACHE).then((cache) => cache.match(request)).then((hit) => hit || Response.error())));
    return;
  }
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      // A page's query string (?q=…) is state, not another file.
      cache
        .match(request, { ignoreSearch: request.mode === 'navigate' })
        .then((hit) => hit || fetch(request))
    )
  );
});
