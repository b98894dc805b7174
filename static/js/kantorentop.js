// Site-wide behaviour without inline scripts (the CSP forbids them).
document.addEventListener("htmx:responseError", function (event) {
  var target = event.detail.target;
  if (target && event.detail.xhr && event.detail.xhr.status === 400 && event.detail.xhr.responseText) {
    // A 400 carries the table partial with the errors: show it instead of ignoring it.
    target.outerHTML = event.detail.xhr.responseText;
  }
});
