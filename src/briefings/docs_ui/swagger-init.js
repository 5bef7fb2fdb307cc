// Starts Swagger UI on the document next to this page. A file rather than an inline
// script, so the page's Content-Security-Policy allows scripts from this origin only.
window.addEventListener("load", () => {
  window.ui = SwaggerUIBundle({
    url: "openapi.json",
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    displayRequestDuration: true,
    presets: [SwaggerUIBundle.presets.apis],
    // The default validator is a public web service: no request leaves this server.
    validatorUrl: null,
  });
});
