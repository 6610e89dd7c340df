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
  // The fields changed since the page was drawn, and the forms drawn again holding what a post
  // did not save. A field htmx has swapped out (an action's status, saved in place and drawn
  // again) is no longer in the page and leaves nothing to lose.
  var changedFields = new Set();
  var unsavedForms = new Set();

  function note(event) {
    var field = event.target;
    if (field && field.form && field.form.hasAttribute("data-unsaved-warning")) {
      changedFields.add(field);
    }
  }

  function somethingUnsaved() {
    if (unsavedForms.size) {
      return true;
    }
    return Array.from(changedFields).some(function (field) {
      return field.isConnected;
    });
  }

  document.addEventListener("input", note, true);
  document.addEventListener("change", note, true);
  watched.forEach(function (form) {
    // Drawn again after a post that saved not all it held (an error, or typing kept aside).
    if (form.hasAttribute("data-unsaved")) {
      unsavedForms.add(form);
    }
    form.addEventListener("submit", function () {
      unsavedForms.delete(form);
      changedFields.forEach(function (field) {
        if (field.form === form) {
          changedFields.delete(field);
        }
      });
    });
  });
  window.addEventListener("beforeunload", function (event) {
    if (somethingUnsaved()) {
      event.preventDefault();
      // Browsers show their own words; older ones need returnValue set.
      event.returnValue = "";
    }
  });
})();
