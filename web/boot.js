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
// The first answer: on the site's root (not in the widget) a smaller module comes
// first (data-first-js, data-first-wasm: the engine and the result list without the
// interface, web/src/first.rs). A page opened with a question (`?q=…`), or a question
// typed before the module came, is answered by it, and the interface's module follows
// once the answer is painted; else the interface follows at once. Until the interface
// runs, the small module answers what is typed. Should it fail, the interface starts
// at once and says what went wrong.
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
  // The address follows the question typed, as the interface's does: a link shared
  // now is this question (and the interface, when it comes, starts from it).
  function address(typed) {
    var url = new URL(location.href);
    if (typed.trim()) url.searchParams.set('q', typed);
    else url.searchParams.delete('q');
    history.replaceState(history.state, '', url);
  }
  // The first answer's module answers what is typed until the interface has the page
  // (<html data-start>, web/src/start.rs), then the interface answers.
  function follow(first) {
    var box = document.getElementById('q');
    if (!box) return;
    var asked = box.value;
    function ask() {
      var typed = box.value;
      if (document.documentElement.hasAttribute('data-start') || typed === asked) return;
      asked = typed;
      address(typed);
      if (typed.trim()) first.answer(typed).catch(function () {});
    }
    box.addEventListener('input', ask);
    ask();
  }
  // `f`, run the first time only, whoever calls it.
  function once(f) {
    var done = false;
    return function () {
      if (done) return;
      done = true;
      return f();
    };
  }
  // `f`, in a task after the next frame is painted (at the latest after 1 s).
  function afterPaint(f) {
    return function () {
      var go = once(function () {
        setTimeout(f, 0);
      });
      requestAnimationFrame(go);
      setTimeout(go, 1000);
    };
  }
  var prefetch = once(function () {
    if (location.protocol !== 'file:' && window.fetch) {
      // The search data, alongside the app; web/src/engine_load.rs takes these
      // requests over. A failure is reported by the app, not as unhandled.
      var started = (window.RA_PREFETCH = {});
      ['manifest.json', 'catalog.json', 'pieces/pieces.json'].forEach(function (name) {
        var p = fetch('bundle/' + name);
        p.catch(function () {});
        started[name] = p;
      });
      // The index's hotcache, as soon as pieces.json names it: beside the wasm, not
      // after it (the app would ask for it only once its wasm runs). A copy of the
      // response is read here; the app reads the original.
      var hot = started['pieces/pieces.json']
        .then(function (r) {
          return r.ok ? r.clone().json() : Promise.reject(new Error('pieces.json: ' + r.status));
        })
        .then(function (m) {
          return fetch('bundle/pieces/' + m.hotcache.name);
        });
      hot.catch(function () {});
      started['pieces/hotcache'] = hot;
    }
  });
  var start = once(function () {
    prefetch();
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
  });
  var params = new URLSearchParams(location.search);
  var question = (params.get('q') || '').trim();
  // The site's root, where questions are answered (a page's <base> is the root).
  var root = new URL('./', document.baseURI).pathname;
  var atRoot = location.pathname === root || location.pathname === root + 'index.html';
  var withFirst = me.dataset.firstJs && atRoot && !params.has('embed') && window.fetch;
  // The first answer's module, then the interface's. A question (in the address, or
  // typed before the module came) is answered first and the interface starts once
  // the answer is painted; else the interface starts at once, and the first module
  // answers what is typed until the interface runs.
  function firstThenStart() {
    prefetch();
    import(me.dataset.firstJs)
      .then(function (first) {
        return first.default({ module_or_path: me.dataset.firstWasm }).then(function () {
          var box = document.getElementById('q');
          var typed = box && box.value.trim() ? box.value : '';
          if (!question && !typed) {
            follow(first);
            start();
            return;
          }
          if (typed) address(typed);
          return first
            .answer(typed || undefined)
            .then(function () {
              follow(first);
            })
            .then(afterPaint(start));
        });
      })
      .catch(function (e) {
        if (window.console) console.error(e);
        start();
      });
  }
  if (withFirst && question) {
    firstThenStart();
    return;
  }
  if (location.search || document.visibilityState !== 'visible') {
    start();
    return;
  }
  // After the first contentful paint (Paint Timing), in a task of its own. Without
  // Paint Timing: after the first frame (no PerformanceObserver at all), at the latest
  // after 3 s.
  var go = once(withFirst ? firstThenStart : start);
  var later = function () {
    setTimeout(go, 0);
  };
  setTimeout(go, 3000);
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
