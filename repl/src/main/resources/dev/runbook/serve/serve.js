// Keeps a run's page current: the server sends the timeline as finished, escaped HTML on each journal change
// (server-sent events); this only swaps it in. No framework, nothing from the network.
(function () {
  'use strict';
  var live = document.getElementById('live');
  if (!live || !window.EventSource) return;
  var source = new EventSource('/runs/' + encodeURIComponent(live.dataset.run) + '/events');
  source.onmessage = function (e) {
    var m = JSON.parse(e.data);
    live.innerHTML = m.html; // built and escaped on the server (TimelineHtml)
    live.dataset.events = String(m.n);
    var form = document.getElementById('decide');
    if (form) form.hidden = !m.waiting;
  };
})();
