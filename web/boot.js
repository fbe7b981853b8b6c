// Starts the app: its wasm (through wasm-bindgen's module) and the search data.
// Trunk writes this file into every page as the app's loader (Trunk.toml,
// `pattern_script`), with the module's and the wasm's hashed names in the script's
// data-js and data-wasm attributes.
//
// When: a page whose content is in its HTML (every prerendered page, opened without a
// query) is painted first, and the downloads start in the task after that first
// contentful paint. Until then the 800 kB of wasm and data would share the link with the
// stylesheet and fonts the content waits for (on a phone on a weak link the content
// appeared seconds later; see BENCHMARKS.md). A page opened with a query (`?q=…`,
// filters, the old `?a=`/`?p=` links) shows what only the engine can answer: there
// everything starts at once.
//
// The single file (file://) carries its data and its own loader, and drops this
// script.
(function () {
  var me = document.currentScript;
  // The brand face, once an earlier visit has loaded it (web/src/fonts.rs): before the
  // first paint, so the text is never set twice. A first visit is not made to fetch
  // it before its first results.
  try {
    if (localStorage.getItem('rendiconto-aperto-fonts') === '1') {
      document.documentElement.classList.add('ra-fonts');
    }
  } catch (e) {}
  var started = false;
  function start() {
    if (started) return;
    started = true;
    if (location.protocol !== 'file:' && window.fetch) {
      // The search data, alongside the app; web/src/engine_load.rs takes these
      // requests over. A failure is reported by the app, not as unhandled.
      var prefetch = (window.RA_PREFETCH = {});
      ['manifest.json', 'catalog.json', 'pieces/pieces.json'].forEach(function (name) {
        var p = fetch('bundle/' + name);
        p.catch(function () {});
        prefetch[name] = p;
      });
      // The index's hotcache, as soon as pieces.json names it: beside the wasm, not
      // after it (the app would ask for it only once its wasm runs). A copy of the
      // response is read here; the app reads the original.
      var hot = prefetch['pieces/pieces.json']
        .then(function (r) {
          return r.ok ? r.clone().json() : Promise.reject(new Error('pieces.json: ' + r.status));
        })
        .then(function (m) {
          return fetch('bundle/pieces/' + m.hotcache.name);
        });
      hot.catch(function () {});
      prefetch['pieces/hotcache'] = hot;
    }
    // wasm-bindgen's module compiles the wasm while it streams in
    // (WebAssembly.instantiateStreaming). Its exports stay reachable as
    // window.wasmBindings, as with Trunk's default loader.
    import(me.dataset.js)
      .then(function (bindings) {
        window.wasmBindings = bindings;
        return bindings.default({ module_or_path: me.dataset.wasm });
      })
      .then(function (wasm) {
        dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm: wasm } }));
      })
      .catch(function (e) {
        // index.html's own timer tells the person the app did not start.
        if (window.console) console.error(e);
      });
  }
  if (location.search || document.visibilityState !== 'visible') {
    start();
    return;
  }
  // After the first contentful paint (Paint Timing), in a task of its own. Without
  // Paint Timing: after the first frame (no PerformanceObserver at all), at the latest
  // after 3 s.
  var later = function () {
    setTimeout(start, 0);
  };
  setTimeout(start, 3000);
  try {
    new PerformanceObserver(function (list, observer) {
      if (list.getEntriesByName('first-contentful-paint').length) {
        observer.disconnect();
        later();
      }
    }).observe({ type: 'paint', buffered: true });
  } catch (e) {
    requestAnimationFrame(later);
  }
})();
