// The service worker of Rendiconto Aperto: after one visit, the site works offline.
// `cargo xtask dist` writes dist/sw.js from this template, with the list of files
// and a version that is a hash of all of them (xtask/src/pwa.rs).
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

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) {
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
