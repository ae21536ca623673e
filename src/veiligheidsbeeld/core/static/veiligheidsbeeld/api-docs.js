/* /api/docs/ (issue 21): the OpenAPI reference in the vendored Swagger UI, under the site's CSP (no inline
   script, no CDN, no validator badge from swagger.io). "Try it out" only for GET: writes go through curl with a
   token (the session's CSRF cookie is HttpOnly, so the page could not send it anyway). */
(function () {
  "use strict";
  function start() {
    var node = document.getElementById("api-reference");
    if (!node || typeof window.SwaggerUIBundle !== "function") {
      return;
    }
    window.SwaggerUIBundle({
      url: node.dataset.schemaUrl,
      domNode: node,
      deepLinking: false,
      validatorUrl: null,
      supportedSubmitMethods: ["get"],
      docExpansion: "list",
      defaultModelsExpandDepth: 0,
      presets: [window.SwaggerUIBundle.presets.apis],
      layout: "BaseLayout"
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
