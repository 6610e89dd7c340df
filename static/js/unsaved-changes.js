// Warn before leaving a page whose form holds changes not yet saved (issue 11: the clerk typed
// minutes for two items, followed a link, and lost them). A form opts in with the attribute
// data-unsaved-warning; fields standing outside it that belong to it (the HTML form attribute)
// count too, as field.form says. Submitting that form saves, so it leaves without a warning;
// submitting any other form, or following a link, asks first.
(function () {
  "use strict";

  var watched = document.querySelectorAll("form[data-unsaved-warning]");
  if (!watched.length) {
    return;
  }
  var changed = new Set();

  function note(event) {
    var form = event.target && event.target.form;
    // A field saved on its own, in place (an action's status, through htmx), leaves nothing to lose.
    if (form && form.hasAttribute("data-unsaved-warning") && !event.target.hasAttribute("data-saved-apart")) {
      changed.add(form);
    }
  }

  document.addEventListener("input", note, true);
  document.addEventListener("change", note, true);
  watched.forEach(function (form) {
    // Drawn again after a post that saved not all it held (an error, or typing kept aside).
    if (form.hasAttribute("data-unsaved")) {
      changed.add(form);
    }
    form.addEventListener("submit", function () {
      changed.delete(form);
    });
  });
  window.addEventListener("beforeunload", function (event) {
    if (changed.size) {
      event.preventDefault();
      // Browsers show their own words; older ones need returnValue set.
      event.returnValue = "";
    }
  });
})();
