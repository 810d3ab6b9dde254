// madoguchi serve: reload this page when the site is rebuilt. Never part of `build` output.
(function () {
  var built = document.currentScript.getAttribute("data-generation");
  var events = new EventSource("/__madoguchi/events");
  events.onmessage = function (e) {
    if (e.data !== built) { location.reload(); }
  };
})();
