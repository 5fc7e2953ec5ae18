// Progressive enhancement only: every page works without this file.
"use strict";

// "Leave this site" replaces the current history entry, so Back does not
// bring the page up again on a shared device.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("[data-quick-exit]");
  if (!link) return;
  event.preventDefault();
  window.location.replace(link.href);
});
