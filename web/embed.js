/*
 * Rendiconto Aperto — the search widget for any web page.
 *
 *   <script src="https://ESEMPIO.it/rendiconto-aperto/embed.js" defer></script>
 *   <rendiconto-aperto></rendiconto-aperto>
 *
 * Attributes (all optional):
 *   lang="en"            interface in English (default Italian)
 *   missione="10"        start filtered on a missione (its number or full label)
 *   programma="10.5"     start filtered on a programma
 *   q="piste ciclabili"  start with a search
 *   compact              no filter column, no browse lists: for narrow slots
 *
 * The app runs in an iframe inside the element's shadow root: the host page's CSS
 * cannot reach it and its CSS cannot reach the host page. The iframe grows with its
 * content (the app reports its height by postMessage). Nothing here is inline script
 * or eval, and styles are set through the CSSOM, so a strict Content-Security-Policy
 * on the host needs only `script-src` and `frame-src` for this site.
 */
(function () {
  'use strict';
  if (!window.customElements || window.customElements.get('rendiconto-aperto')) {
    return;
  }
  // The app lives next to this script, wherever the webmaster put it.
  var script = document.currentScript;
  var base = new URL('./', script && script.src ? script.src : window.location.href);
  var FILTERS = ['missione', 'programma', 'stato', 'politica', 'anno', 'q'];
  var ATTRIBUTES = FILTERS.concat(['lang', 'compact']);

  function source(el) {
    var url = new URL('index.html', base);
    url.searchParams.set('embed', '1');
    if (el.hasAttribute('compact')) {
      url.searchParams.set('compact', '1');
    }
    if ((el.getAttribute('lang') || '').toLowerCase().indexOf('en') === 0) {
      url.searchParams.set('lang', 'en');
    } else {
      url.searchParams.set('lang', 'it');
    }
    FILTERS.forEach(function (name) {
      var value = el.getAttribute(name);
      if (value) {
        url.searchParams.set(name, value);
      }
    });
    return url.href;
  }

  class RendicontoAperto extends HTMLElement {
    static get observedAttributes() {
      return ATTRIBUTES;
    }

    connectedCallback() {
      if (this.frame) {
        return;
      }
      var root = this.shadowRoot || this.attachShadow({ mode: 'open' });
      var frame = document.createElement('iframe');
      var english = (this.getAttribute('lang') || '').toLowerCase().indexOf('en') === 0;
      frame.title = english
        ? 'Rendiconto Aperto: search the City of Turin 2023 report'
        : 'Rendiconto Aperto: cerca nel Rendiconto 2023 della Città di Torino';
      frame.style.display = 'block';
      frame.style.width = '100%';
      frame.style.minWidth = '0';
      frame.style.height = '40rem';
      frame.style.border = '0';
      frame.style.margin = '0';
      frame.style.padding = '0';
      frame.style.background = 'transparent';
      frame.style.colorScheme = 'normal';
      if (root.adoptedStyleSheets !== undefined && window.CSSStyleSheet) {
        try {
          var sheet = new CSSStyleSheet();
          sheet.replaceSync(':host { display: block; }');
          root.adoptedStyleSheets = [sheet];
        } catch (e) {
          /* older browsers: the element stays inline, the iframe still fills it */
        }
      }
      var self = this;
      this.onMessage = function (event) {
        var data = event.data;
        if (event.source !== frame.contentWindow || !data || typeof data.type !== 'string') {
          return;
        }
        if (data.type === 'rendiconto-aperto:height' && typeof data.height === 'number' && data.height > 0) {
          var height = Math.ceil(data.height) + 'px';
          if (frame.style.height !== height) {
            frame.style.height = height;
          }
        } else if (data.type === 'rendiconto-aperto:navigate' && self.getBoundingClientRect().top < 0) {
          self.scrollIntoView({ block: 'start' });
        }
      };
      window.addEventListener('message', this.onMessage);
      frame.src = source(this);
      root.appendChild(frame);
      this.frame = frame;
    }

    disconnectedCallback() {
      window.removeEventListener('message', this.onMessage);
      if (this.frame) {
        this.frame.remove();
        this.frame = null;
      }
    }

    attributeChangedCallback() {
      if (this.frame) {
        this.frame.src = source(this);
      }
    }
  }

  window.customElements.define('rendiconto-aperto', RendicontoAperto);
})();
