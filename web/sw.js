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

self.addEventListener('install', (event) => {
  // `reload`: straight from the server, never a stale copy from the HTTP cache.
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(FILES.map((f) => new Request(f, { cache: 'reload' }))))
  );
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
